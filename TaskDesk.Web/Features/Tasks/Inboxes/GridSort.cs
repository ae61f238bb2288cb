using MudBlazor;

namespace TaskDesk.Web.Features.Tasks.Inboxes;

/// <summary>
/// Turns the column a person sorted a server-side grid by into the sort code and direction the query service takes.
/// Sortable columns are <c>PropertyColumn</c>s; MudBlazor names their sort by the property's path from the row
/// (<c>x =&gt; x.Task.Ticket.TicketNumber</c> sorts by "Task.Ticket.TicketNumber"). An unknown name means the default order.
/// </summary>
public static class GridSort
{
    /// <summary>(null, null) when unsorted: the service's default order applies.</summary>
    public static (string? Sort, string? Direction) Of<T>(GridState<T> state, IReadOnlyDictionary<string, string> codes)
    {
        var sorted = state.SortDefinitions.OrderBy(s => s.Index).FirstOrDefault();
        return sorted is not null && codes.TryGetValue(sorted.SortBy, out var code)
            ? (code, sorted.Descending ? "desc" : "asc")
            : (null, null);
    }

    /// <summary>The service's page (from 1) for the grid's page (from 0).</summary>
    public static int Page<T>(GridState<T> state) => state.Page + 1;
}
