using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using TaskDesk.Domain.Tickets;

namespace TaskDesk.Web.Features.Tasks.Inboxes;

/// <summary>
/// The cells a task list draws in every row, as MudLink and MudChip draw them (the same classes and test ids), written as
/// HTML text rather than components: a component per cell per row is kept, with its render trees, for as long as the
/// circuit lives, and so is every element and attribute frame of a row (decisions 0014, 0017). Each cell is one string:
/// <see cref="PagedTable{TItem}"/> joins a row's HTML cells into one markup frame, a data grid's cell template draws one.
/// </summary>
public static class InboxCells
{
    /// <summary>Text as HTML: whatever it holds shows as text, never as markup.</summary>
    public static string Text(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>The ticket number, linking to its task.</summary>
    public static string TaskLinkHtml(int taskId, string ticketNumber) =>
        $"""<a href="tasks/{taskId}" class="mud-typography mud-link mud-primary-text mud-link-underline-hover" data-testid="task-link">{Text(ticketNumber)}</a>""";

    /// <inheritdoc cref="TaskLinkHtml"/>
    public static RenderFragment TaskLink(int taskId, string ticketNumber) => Markup(TaskLinkHtml(taskId, ticketNumber));

    /// <summary>The ticket's priority as a small filled chip, coloured as <see cref="InboxDisplay.PriorityColor"/> says.</summary>
    public static string PriorityChipHtml(TicketPriority priority) =>
        $"""<div class="mud-chip-container"><div class="{ClassOf(priority)}" data-testid="priority"><span class="mud-chip-content">{priority}</span></div></div>""";

    /// <inheritdoc cref="PriorityChipHtml"/>
    public static RenderFragment PriorityChip(TicketPriority priority) => Markup(PriorityChipHtml(priority));

    private static RenderFragment Markup(string html) => builder => builder.AddMarkupContent(0, html);

    private static string ClassOf(TicketPriority priority) => InboxDisplay.PriorityColor(priority) switch
    {
        Color.Error => "mud-chip mud-chip-filled mud-chip-size-small mud-chip-color-error",
        Color.Warning => "mud-chip mud-chip-filled mud-chip-size-small mud-chip-color-warning",
        Color.Info => "mud-chip mud-chip-filled mud-chip-size-small mud-chip-color-info",
        _ => "mud-chip mud-chip-filled mud-chip-size-small mud-chip-color-default",
    };
}
