namespace TaskDesk.Domain.Tasks;

public enum TaskActivityKind
{
    Created,
    Started,
    Transitioned,
    Held,
    Resumed,
    Cancelled,
    Completed,
    Transferred,
    Escalated,
}

/// <summary>A line of a task's own history (moves between steps, holds, cancellation), beside its assignments' histories.</summary>
public sealed class TaskActivity
{
    private TaskActivity()
    {
        Note = "";
    }

    internal TaskActivity(WorkTask task, TaskActivityKind kind, int? byUserId, string? note, int? fromStepId, int? toStepId, DateTimeOffset at)
    {
        Task = task;
        Kind = kind;
        ByUserId = byUserId;
        Note = note?.Trim() ?? "";
        FromStepId = fromStepId;
        ToStepId = toStepId;
        At = at;
    }

    public long Id { get; private set; }

    public int TaskId { get; private set; }

    public WorkTask Task { get; private set; } = null!;

    public TaskActivityKind Kind { get; private set; }

    public int? ByUserId { get; private set; }

    public string Note { get; private set; }

    public int? FromStepId { get; private set; }

    public int? ToStepId { get; private set; }

    public DateTimeOffset At { get; private set; }
}
