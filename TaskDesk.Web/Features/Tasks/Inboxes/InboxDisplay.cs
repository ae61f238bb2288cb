using MudBlazor;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;

namespace TaskDesk.Web.Features.Tasks.Inboxes;

/// <summary>How task values read in the lists, so My Tasks, Owned Tickets and All Tasks say them alike.</summary>
public static class InboxDisplay
{
    public static string Status(WorkTaskStatus status) => status switch
    {
        WorkTaskStatus.InProgress => "In progress",
        WorkTaskStatus.OnHold => "On hold",
        _ => status.ToString(),
    };

    public static string Status(AssignmentStatus status) => status == AssignmentStatus.InProgress ? "In progress" : status.ToString();

    public static Color PriorityColor(TicketPriority priority) => priority switch
    {
        TicketPriority.Urgent or TicketPriority.Critical => Color.Error,
        TicketPriority.High => Color.Warning,
        TicketPriority.Medium => Color.Info,
        _ => Color.Default,
    };

    /// <summary>Who holds an assignment: the person, or that it waits for someone of its role.</summary>
    public static string Assignee(TaskRowAssignee assignee) => assignee.DisplayName ?? $"Unassigned ({assignee.Role})";

    /// <summary>The filter choices of a priority select: the API's codes, "" for any.</summary>
    public static IReadOnlyList<(string Code, string Label)> Priorities { get; } =
        [("", "Any priority"), .. Enum.GetValues<TicketPriority>().Reverse().Select(p => (p.ToCode(), p.ToString()))];
}
