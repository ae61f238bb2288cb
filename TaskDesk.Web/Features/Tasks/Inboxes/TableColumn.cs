using Microsoft.AspNetCore.Components;

namespace TaskDesk.Web.Features.Tasks.Inboxes;

/// <summary>
/// A column of a <c>PagedTable</c>: its title, what each row shows in it, and the service's sort code when it sorts
/// (null: not sortable). Columns are static lists: one set per page type, not per circuit.
/// </summary>
public sealed record TableColumn<TItem>(string Title, RenderFragment<TItem> Cell, string? Sort = null);
