namespace TaskDesk.Domain.Tasks;

/// <summary>
/// One user's assignment to a task on one step (the seed's TaskItem). <see cref="UserId"/> is null when the step's
/// role had no active member: the assignment waits, listed for administrators. Changed only through its <see cref="WorkTask"/>.
/// </summary>
public sealed class TaskItem
{
    public const int NotesMaxLength = 4000;

    private readonly List<TaskItemHistoryEntry> _history = [];

    private TaskItem()
    {
        RoleName = "";
        StepName = "";
        Notes = "";
    }

    internal TaskItem(WorkTask task, int? userId, int roleId, string roleName, int stepId, string stepName, AssignmentOrigin origin, string? notes, DateTimeOffset? targetResolution, int? byUserId, DateTimeOffset now)
    {
        Task = task;
        UserId = userId;
        RoleId = roleId;
        RoleName = roleName;
        AssignedOnStepId = stepId;
        StepName = stepName;
        Origin = origin;
        Notes = notes?.Trim() ?? "";
        AssignedOn = now;
        TargetResolution = targetResolution;
        Record(AssignmentStatus.New, byUserId, null, now);
    }

    public int Id { get; private set; }

    public int TaskId { get; private set; }

    public WorkTask Task { get; private set; } = null!;

    public int? UserId { get; private set; }

    public int RoleId { get; private set; }

    public string RoleName { get; private set; }

    public int AssignedOnStepId { get; private set; }

    public string StepName { get; private set; }

    public AssignmentOrigin Origin { get; private set; }

    public string Notes { get; private set; }

    public DateTimeOffset AssignedOn { get; private set; }

    /// <summary>When this step's share of the SLA runs out; null when the workflow has no SLA for the ticket's priority.</summary>
    public DateTimeOffset? TargetResolution { get; private set; }

    /// <summary>When the assignee last acted on it (opened, resolved, passed it on).</summary>
    public DateTimeOffset? ActedOn { get; private set; }

    public AssignmentStatus Status { get; private set; }

    /// <summary>When the SLA warning is due (a share of the window to <see cref="TargetResolution"/>); the SLA scan fills it in.</summary>
    public DateTimeOffset? WarnAt { get; private set; }

    /// <summary>When the SLA scan warned that this assignment nears its target (once per assignment).</summary>
    public DateTimeOffset? WarnedAt { get; private set; }

    /// <summary>When this assignment passed its target (once per assignment; history <c>breached</c>).</summary>
    public DateTimeOffset? BreachedAt { get; private set; }

    public int? TransferredToUserId { get; private set; }

    public int? TransferredByUserId { get; private set; }

    /// <summary>Still someone's work: not yet resolved, reassigned or escalated.</summary>
    public bool IsActive => Status is AssignmentStatus.New or AssignmentStatus.InProgress;

    public IReadOnlyList<TaskItemHistoryEntry> History => _history;

    internal void Start(int byUserId, DateTimeOffset now)
    {
        if (Status == AssignmentStatus.New)
        {
            ActedOn = now;
            Record(AssignmentStatus.InProgress, byUserId, null, now);
        }
    }

    internal void Resolve(int byUserId, string? note, DateTimeOffset now)
    {
        ActedOn = now;
        Record(AssignmentStatus.Resolved, byUserId, note, now);
    }

    internal void Reassign(int toUserId, int byUserId, string? note, DateTimeOffset now)
    {
        TransferredToUserId = toUserId;
        TransferredByUserId = byUserId;
        ActedOn = now;
        Record(AssignmentStatus.Reassigned, byUserId, note, now);
    }

    internal void Escalate(int? byUserId, string? reason, DateTimeOffset now)
    {
        ActedOn = now;
        Record(AssignmentStatus.Escalated, byUserId, reason, now);
    }

    /// <summary>A hold pauses the SLA clock: the target moves by the time held.</summary>
    internal void ShiftTarget(TimeSpan held)
    {
        if (TargetResolution is { } target)
        {
            TargetResolution = target + held;
        }

        if (WarnAt is { } warnAt)
        {
            WarnAt = warnAt + held;
        }
    }

    /// <summary>An assignment handed on keeps the same target, so its SLA warning and breach are not raised twice.</summary>
    internal void InheritSlaState(TaskItem from)
    {
        WarnAt = from.WarnAt;
        WarnedAt = from.WarnedAt;
        BreachedAt = from.BreachedAt;
    }

    /// <summary>SLA marks its predecessor got after the task was read: a successor is not warned or breached twice.</summary>
    internal void CatchUpSlaState(DateTimeOffset? warnedAt, DateTimeOffset? breachedAt)
    {
        WarnedAt ??= warnedAt;
        BreachedAt ??= breachedAt;
    }

    internal void RecordBreach(DateTimeOffset now)
    {
        BreachedAt ??= now;
        _history.Add(new TaskItemHistoryEntry(this, AssignmentStatus.Breached, null, null, now));
    }

    private void Record(AssignmentStatus status, int? byUserId, string? note, DateTimeOffset now)
    {
        Status = status;
        _history.Add(new TaskItemHistoryEntry(this, status, byUserId, note, now));
    }
}

/// <summary>One change of an assignment (the seed's TaskItemHistory); never changed once written.</summary>
public sealed class TaskItemHistoryEntry
{
    private TaskItemHistoryEntry()
    {
        Note = "";
    }

    internal TaskItemHistoryEntry(TaskItem item, AssignmentStatus status, int? byUserId, string? note, DateTimeOffset at)
    {
        Item = item;
        Status = status;
        ByUserId = byUserId;
        Note = note?.Trim() ?? "";
        At = at;
    }

    /// <summary>
    /// The row <see cref="TaskItem"/> writes when its assignment is found past its target, by the assignment's id: for the
    /// SLA scan, which records thousands of breaches without loading their tasks.
    /// </summary>
    public static TaskItemHistoryEntry BreachOf(int taskItemId, DateTimeOffset at) =>
        new() { TaskItemId = taskItemId, Status = AssignmentStatus.Breached, At = at };

    public long Id { get; private set; }

    public int TaskItemId { get; private set; }

    public TaskItem Item { get; private set; } = null!;

    public AssignmentStatus Status { get; private set; }

    public int? ByUserId { get; private set; }

    public string Note { get; private set; }

    public DateTimeOffset At { get; private set; }
}
