using Microsoft.AspNetCore.Components;
using TaskDesk.Web.Features.Tasks.Shared;

namespace TaskDesk.Web.Features.Tasks.Inboxes;

/// <summary>
/// A column of a <c>PagedTable</c>: its title, what each row shows in it, and the service's sort code when it sorts
/// (null: not sortable). Columns are static lists: one set per page type, not per circuit.
/// A cell is HTML text (<see cref="Text"/>, <see cref="Html"/>): a row's HTML cells are one markup frame in the table's
/// render tree, where elements, attributes and texts are a frame each, kept twice for the circuit's life. An SLA
/// countdown (<see cref="Countdown"/>) is a markup frame of its own, which the rows redraw on the circuit's SlaTicker.
/// A cell that must be a component is a fragment (<see cref="Component"/>).
/// </summary>
public sealed class TableColumn<TItem>
{
    private TableColumn(string title, string? sort, Func<TItem, string>? html, RenderFragment<TItem>? cell, Func<TItem, SlaWindow>? window = null) =>
        (Title, Sort, CellHtml, Cell, SlaWindow) = (title, sort, html, cell, window);

    public string Title { get; }

    public string? Sort { get; }

    /// <summary>The cell as HTML, its texts encoded; null for a component cell.</summary>
    public Func<TItem, string>? CellHtml { get; }

    /// <summary>The cell as a fragment; null for an HTML cell.</summary>
    public RenderFragment<TItem>? Cell { get; }

    /// <summary>For a countdown cell, the row's SLA window; null for any other.</summary>
    public Func<TItem, SlaWindow>? SlaWindow { get; }

    /// <summary>A cell showing text: whatever the text holds shows as text.</summary>
    public static TableColumn<TItem> Text(string title, Func<TItem, string?> text, string? sort = null) =>
        new(title, sort, item => InboxCells.Text(text(item)), null);

    /// <summary>A cell of HTML: <paramref name="html"/> encodes every text it puts in (<see cref="InboxCells.Text"/>).</summary>
    public static TableColumn<TItem> Html(string title, Func<TItem, string> html, string? sort = null) => new(title, sort, html, null);

    /// <summary>An SLA countdown (<see cref="SlaChip"/>), redrawn as the clock runs.</summary>
    public static TableColumn<TItem> Countdown(string title, Func<TItem, SlaWindow> window, string? sort = null) => new(title, sort, null, null, window);

    /// <summary>A cell that is a component of its own.</summary>
    public static TableColumn<TItem> Component(string title, RenderFragment<TItem> cell, string? sort = null) => new(title, sort, null, cell);
}
