namespace TaskDesk.Domain.Tasks;

/// <summary>
/// An assignment handed on (transferred or escalated) and the one it took over from, whose SLA state it inherits. The
/// SLA scan marks an assignment warned or breached without loading its task, so the predecessor may have been marked
/// after the task was read: the saving transaction reads the predecessor's marks again and passes them on
/// (<see cref="CatchUp"/>), so the assignee's coordinator is not warned twice for one target.
/// </summary>
public sealed class HandOver(TaskItem predecessor, TaskItem successor)
{
    public TaskItem Predecessor { get; } = predecessor;

    public TaskItem Successor { get; } = successor;

    /// <summary>Gives the successor the marks the predecessor has now; true when that changed it.</summary>
    public bool CatchUp(DateTimeOffset? warnedAt, DateTimeOffset? breachedAt)
    {
        var (warned, breached) = (Successor.WarnedAt, Successor.BreachedAt);
        Successor.CatchUpSlaState(warnedAt, breachedAt);
        return Successor.WarnedAt != warned || Successor.BreachedAt != breached;
    }
}
