using MudBlazor;

namespace TaskDesk.Web.Components.Shared;

/// <summary>What <c>GridPager</c> shows and drives: a server-paged list's page, page size and total.</summary>
public interface IPagedSource
{
    /// <summary>The page on screen, from 0.</summary>
    int CurrentPage { get; }

    int RowsPerPage { get; }

    /// <summary>The rows of every page together.</summary>
    int TotalItems { get; }

    /// <summary>Moves to that page and loads it.</summary>
    Task GoToAsync(Page page);

    /// <summary>Takes the new size and loads from the first page, as MudDataGridPager's select does.</summary>
    Task SetRowsPerPageAsync(int size);
}
