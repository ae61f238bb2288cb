namespace TaskDesk.Domain.Tasks;

/// <summary>The seed's task statuses; moves as its diagram: pending → in progress → completed, hold/resume, cancel.</summary>
public enum WorkTaskStatus
{
    Pending,
    InProgress,
    OnHold,
    Completed,
    Cancelled,
}

/// <summary>How an assignment came about (the seed's TaskItem origin).</summary>
public enum AssignmentOrigin
{
    System,
    Transferred,
    Escalation,
}

/// <summary>An assignment's state, and the kinds of its history entries (the seed's TaskItemHistory statuses).</summary>
public enum AssignmentStatus
{
    New,
    InProgress,
    Resolved,
    Reassigned,
    Escalated,
    Breached,
}

public static class TaskCodes
{
    /// <summary>The seed's spelling: "in progress" with a space, "on_hold" with an underscore.</summary>
    public static string ToCode(this WorkTaskStatus status) => status switch
    {
        WorkTaskStatus.Pending => "pending",
        WorkTaskStatus.InProgress => "in progress",
        WorkTaskStatus.OnHold => "on_hold",
        WorkTaskStatus.Completed => "completed",
        WorkTaskStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string ToCode(this AssignmentStatus status) => status switch
    {
        AssignmentStatus.InProgress => "in progress",
        _ => status.ToString().ToLowerInvariant(),
    };
}

/// <summary>Something that happened to a task that people must hear about (the seed's notification table).</summary>
public enum TaskEventKind
{
    NewAssignment,
    Transfer,
    Escalation,
    TaskComplete,
    SlaWarning,
    SlaBreach,
}

/// <summary>An event raised by a task, for the notification and email outbox rows written in the same transaction.</summary>
public sealed record TaskEvent(TaskEventKind Kind, int RecipientUserId, TaskItem? Item, string? Note)
{
    /// <summary>
    /// The note as the task keeps it: trimmed (its length was checked trimmed, so untrimmed it could overflow the
    /// email's column), null when blank.
    /// </summary>
    public string? Note { get; } = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim();
}
