using TaskDesk.Domain.Tasks;

namespace TaskDesk.Web.Features.Tasks.Page;

public enum TimelineKind
{
    Created,
    Started,
    Moved,
    Held,
    Resumed,
    Cancelled,
    Completed,
    Assigned,
    Opened,
    Transferred,
    Escalated,
    Breached,
}

/// <summary>One line of a task's history as people read it: what happened, who did it (a display name) and their note.</summary>
public sealed record TimelineEntry(DateTimeOffset At, TimelineKind Kind, string Text, string By, string Note);

/// <summary>
/// Merges a task's own activities with its assignments' histories into one list in time order. An event the task
/// records on both sides is told once, where it says the most: a transfer or escalation by the assignment (from whom
/// to whom), a transition by the task (with its notes, not the assignments it resolved).
/// </summary>
public static class TaskTimeline
{
    public static IReadOnlyList<TimelineEntry> Build(TaskPageView page)
    {
        var details = page.Details;
        var definition = page.Definition;
        string StepName(int? stepId) => stepId is { } id && definition.Nodes.FirstOrDefault(n => n.StepId == id) is { } node ? node.Name : "?";

        var entries = new List<(TimelineEntry Entry, int Order)>();
        var order = 0;
        foreach (var activity in details.Activities)
        {
            var text = activity.Kind switch
            {
                TaskActivityKind.Created => $"Task created at {StepName(activity.ToStepId)} for ticket {details.Ticket.TicketNumber}",
                TaskActivityKind.Started => "Task started",
                TaskActivityKind.Transitioned => $"Moved from {StepName(activity.FromStepId)} to {StepName(activity.ToStepId)}",
                TaskActivityKind.Held => "Put on hold",
                TaskActivityKind.Resumed => "Resumed",
                TaskActivityKind.Cancelled => "Cancelled",
                TaskActivityKind.Completed => $"Completed at {StepName(activity.ToStepId)}",
                _ => null,
            };
            if (text is not null)
            {
                entries.Add((new TimelineEntry(activity.At, KindOf(activity.Kind), text, page.UserName(activity.ByUserId), activity.Note), order++));
            }
        }

        foreach (var item in details.Items)
        {
            var assignee = item.Item.UserId is { } userId ? page.UserName(userId) : $"nobody (role {item.Item.RoleName} has no active member)";
            foreach (var history in item.History)
            {
                var entry = history.Status switch
                {
                    AssignmentStatus.New => new TimelineEntry(history.At, TimelineKind.Assigned, $"{item.Item.StepName} assigned to {assignee} ({item.Item.RoleName}){OriginSuffix(item.Item.Origin)}", page.UserName(history.ByUserId), ""),
                    AssignmentStatus.InProgress => new TimelineEntry(history.At, TimelineKind.Opened, $"{assignee} started work on {item.Item.StepName}", page.UserName(history.ByUserId), ""),
                    AssignmentStatus.Reassigned => new TimelineEntry(history.At, TimelineKind.Transferred, $"{item.Item.StepName} transferred from {assignee} to {page.UserName(item.TransferredToUserId)}", page.UserName(history.ByUserId), history.Note),
                    AssignmentStatus.Escalated => new TimelineEntry(history.At, TimelineKind.Escalated, $"{item.Item.StepName} escalated from {assignee} to {definition.Node(item.Item.StepId).EscalateToName ?? "the escalation role"}", page.UserName(history.ByUserId), history.Note),
                    AssignmentStatus.Breached => new TimelineEntry(history.At, TimelineKind.Breached, $"SLA target of {item.Item.StepName} ({assignee}) passed", page.UserName(history.ByUserId), history.Note),
                    _ => null,
                };
                if (entry is not null)
                {
                    entries.Add((entry, order++));
                }
            }
        }

        return entries.OrderBy(e => e.Entry.At).ThenBy(e => e.Order).Select(e => e.Entry).ToList();
    }

    private static string OriginSuffix(AssignmentOrigin origin) => origin switch
    {
        AssignmentOrigin.Transferred => " by transfer",
        AssignmentOrigin.Escalation => " by escalation",
        _ => "",
    };

    private static TimelineKind KindOf(TaskActivityKind kind) => kind switch
    {
        TaskActivityKind.Created => TimelineKind.Created,
        TaskActivityKind.Started => TimelineKind.Started,
        TaskActivityKind.Transitioned => TimelineKind.Moved,
        TaskActivityKind.Held => TimelineKind.Held,
        TaskActivityKind.Resumed => TimelineKind.Resumed,
        TaskActivityKind.Cancelled => TimelineKind.Cancelled,
        _ => TimelineKind.Completed,
    };
}
