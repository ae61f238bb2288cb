using TaskDesk.Domain.Common;
using TaskDesk.Domain.Tickets;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Domain.Tasks;

/// <summary>
/// A ticket's run through one version of a workflow (the seed's Task). Every step and transition it uses comes from
/// that version's definition, so editing the workflow never changes it. It moves only through its own methods, which
/// refuse what its status does not allow; each change bumps <see cref="Revision"/>, so two people acting at once
/// cannot both win.
/// </summary>
public sealed class WorkTask
{
    public const int ReasonMaxLength = 2000;

    public const int EndLogicErrorMaxLength = 2000;

    private readonly List<TaskItem> _items = [];
    private readonly List<TaskActivity> _activities = [];
    private readonly List<TaskEvent> _events = [];
    private readonly List<HandOver> _handOvers = [];

    private WorkTask()
    {
        CurrentStepName = "";
        EndLogic = "";
        EndLogicError = "";
        HoldReason = "";
        CancelReason = "";
    }

    public int Id { get; private set; }

    public int TicketId { get; private set; }

    public int WorkflowId { get; private set; }

    public int WorkflowVersionId { get; private set; }

    public int CurrentStepId { get; private set; }

    public string CurrentStepName { get; private set; }

    public WorkTaskStatus Status { get; private set; }

    public TicketPriority Priority { get; private set; }

    /// <summary>The Ticket Coordinator who owns the ticket (the seed's ticket_owner); null when that role had no active member.</summary>
    public int? CoordinatorUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When the whole ticket is due, from its priority and the workflow's SLA; null when there is no SLA for it.</summary>
    public DateTimeOffset? TargetResolution { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The workflow's end logic, recorded when the task completes, for the background jobs to carry out.</summary>
    public string EndLogic { get; private set; }

    public bool EndLogicPending { get; private set; }

    /// <summary>When the whole ticket's SLA warning is due; the SLA scan fills it in.</summary>
    public DateTimeOffset? WarnAt { get; private set; }

    /// <summary>When the SLA scan warned that the whole ticket nears its target.</summary>
    public DateTimeOffset? WarnedAt { get; private set; }

    /// <summary>When the whole ticket passed its target.</summary>
    public DateTimeOffset? BreachedAt { get; private set; }

    public int EndLogicAttempts { get; private set; }

    public string EndLogicError { get; private set; }

    public DateTimeOffset? EndLogicDoneAt { get; private set; }

    /// <summary>When the end-logic job may try (again); set when the task completes and after each failed attempt.</summary>
    public DateTimeOffset? EndLogicNextAttemptAt { get; private set; }

    /// <summary>While one runner (of any process) works on the end logic, no other takes it; a crashed runner's claim runs out.</summary>
    public DateTimeOffset? EndLogicClaimedUntil { get; private set; }

    /// <summary>When the end logic failed for good after its last retry; administrators see it listed and may retry.</summary>
    public DateTimeOffset? EndLogicFailedAt { get; private set; }

    public string HoldReason { get; private set; }

    public DateTimeOffset? HeldSince { get; private set; }

    public string CancelReason { get; private set; }

    public int Revision { get; private set; }

    public IReadOnlyList<TaskItem> Items => _items;

    public IReadOnlyList<TaskActivity> Activities => _activities;

    /// <summary>What happened in this unit of work that people must be told; the service writes notifications and emails from it.</summary>
    public IReadOnlyList<TaskEvent> Events => _events;

    /// <summary>The assignments this change handed on (transfer, escalation), each with the one it took over from.</summary>
    public IReadOnlyList<HandOver> HandOvers => _handOvers;

    public IEnumerable<TaskItem> ActiveItems => _items.Where(i => i.IsActive);

    /// <summary>
    /// Creates the task for a matched ticket, bound to a version: the coordinator owns it and the start step's role
    /// gets its first assignment (unassigned when <paramref name="firstAssigneeUserId"/> is null).
    /// </summary>
    public static WorkTask Create(Ticket ticket, int workflowId, int versionId, WorkflowDefinition definition, int? coordinatorUserId, int? firstAssigneeUserId, DateTimeOffset now)
    {
        var start = definition.StartNode;
        var task = new WorkTask
        {
            TicketId = ticket.Id,
            WorkflowId = workflowId,
            WorkflowVersionId = versionId,
            CurrentStepId = start.StepId,
            CurrentStepName = start.Name,
            Status = WorkTaskStatus.Pending,
            Priority = ticket.Priority,
            CoordinatorUserId = coordinatorUserId,
            CreatedAt = now,
            UpdatedAt = now,
            TargetResolution = now + definition.Sla(ticket.Priority.ToSla()),
        };
        task._activities.Add(new TaskActivity(task, TaskActivityKind.Created, null, null, null, start.StepId, now));
        task.Assign(definition, start, start.RoleId, start.RoleName, firstAssigneeUserId, AssignmentOrigin.System, null, null, TaskEventKind.NewAssignment, now);
        return task;
    }

    public TaskItem Item(int taskItemId) =>
        _items.SingleOrDefault(i => i.Id == taskItemId) ?? throw new DomainNotFoundException($"Task item {taskItemId} does not belong to task {Id}.");

    public bool IsActiveAssignee(int userId) => ActiveItems.Any(i => i.UserId == userId && i.AssignedOnStepId == CurrentStepId);

    /// <summary>The assignee opens or starts their assignment: it is in progress, and so is the task.</summary>
    public void Start(int userId, DateTimeOffset now)
    {
        RequireStatus("started", WorkTaskStatus.Pending, WorkTaskStatus.InProgress);
        foreach (var item in ActiveItems.Where(i => i.UserId == userId && i.Status == AssignmentStatus.New))
        {
            item.Start(userId, now);
        }

        if (Status == WorkTaskStatus.Pending)
        {
            Status = WorkTaskStatus.InProgress;
            _activities.Add(new TaskActivity(this, TaskActivityKind.Started, userId, null, CurrentStepId, CurrentStepId, now));
        }

        Touch(now);
    }

    /// <summary>
    /// Moves along a transition of the bound version that leaves the current step: the current assignments are
    /// resolved; an end step completes the task, any other step is assigned to <paramref name="nextAssigneeUserId"/>.
    /// </summary>
    public void Transition(WorkflowDefinition definition, int transitionId, string? notes, int byUserId, int? nextAssigneeUserId, DateTimeOffset now)
    {
        RequireStatus("moved along a transition", WorkTaskStatus.Pending, WorkTaskStatus.InProgress);
        var edge = LeavingTransition(definition, transitionId);
        CheckText(notes, "notes");

        foreach (var item in ActiveItems.Where(i => i.AssignedOnStepId == CurrentStepId).ToList())
        {
            item.Start(byUserId, now);
            item.Resolve(byUserId, notes, now);
        }

        var from = CurrentStepId;
        var target = definition.Node(edge.ToStepId);
        CurrentStepId = target.StepId;
        CurrentStepName = target.Name;
        _activities.Add(new TaskActivity(this, TaskActivityKind.Transitioned, byUserId, notes, from, target.StepId, now));

        if (target.IsEnd)
        {
            Status = WorkTaskStatus.Completed;
            CompletedAt = now;
            EndLogic = definition.Workflow.EndLogic;
            EndLogicPending = EndLogic.Length > 0;
            EndLogicNextAttemptAt = EndLogicPending ? now : null;
            _activities.Add(new TaskActivity(this, TaskActivityKind.Completed, byUserId, null, target.StepId, target.StepId, now));
            if (CoordinatorUserId is { } coordinator)
            {
                _events.Add(new TaskEvent(TaskEventKind.TaskComplete, coordinator, null, notes));
            }
        }
        else
        {
            Status = WorkTaskStatus.InProgress;
            Assign(definition, target, target.RoleId, target.RoleName, nextAssigneeUserId, AssignmentOrigin.System, null, byUserId, TaskEventKind.NewAssignment, now);
        }

        Touch(now);
    }

    public void Hold(string? reason, int byUserId, DateTimeOffset now)
    {
        RequireStatus("put on hold", WorkTaskStatus.InProgress);
        var text = RequiredReason(reason, "reason");
        Status = WorkTaskStatus.OnHold;
        HoldReason = text;
        HeldSince = now;
        _activities.Add(new TaskActivity(this, TaskActivityKind.Held, byUserId, text, CurrentStepId, CurrentStepId, now));
        Touch(now);
    }

    public void Resume(string? note, int byUserId, DateTimeOffset now)
    {
        RequireStatus("resumed", WorkTaskStatus.OnHold);
        CheckText(note, "reason");

        // Service desks stop the SLA clock while a task waits on hold: every open target moves by the time held.
        var held = HeldSince is { } since && now > since ? now - since : TimeSpan.Zero;
        if (TargetResolution is { } due)
        {
            TargetResolution = due + held;
        }

        if (WarnAt is { } warnAt)
        {
            WarnAt = warnAt + held;
        }

        foreach (var item in ActiveItems)
        {
            item.ShiftTarget(held);
        }

        Status = WorkTaskStatus.InProgress;
        HoldReason = "";
        HeldSince = null;
        _activities.Add(new TaskActivity(this, TaskActivityKind.Resumed, byUserId, note, CurrentStepId, CurrentStepId, now));
        Touch(now);
    }

    /// <summary>Ends the task without completing it; as in the seed's diagram, only a task no one has started yet.</summary>
    public void Cancel(string? reason, int byUserId, DateTimeOffset now)
    {
        RequireStatus("cancelled", WorkTaskStatus.Pending);
        var text = RequiredReason(reason, "reason");
        Status = WorkTaskStatus.Cancelled;
        CancelReason = text;
        _activities.Add(new TaskActivity(this, TaskActivityKind.Cancelled, byUserId, text, CurrentStepId, CurrentStepId, now));
        Touch(now);
    }

    /// <summary>Hands an active assignment to another user of the same role (the seed's transfer_task_item).</summary>
    public TaskItem Transfer(int taskItemId, int toUserId, string? notes, int byUserId, DateTimeOffset now)
    {
        RequireOpen("transferred");
        var item = ActiveItem(taskItemId);
        CheckText(notes, "notes");
        if (item.UserId == toUserId)
        {
            throw new DomainValidationException("new_user_id", $"Task item {taskItemId} is already assigned to user {toUserId}.");
        }

        item.Reassign(toUserId, byUserId, notes, now);
        var created = NewItem(item.AssignedOnStepId, item.StepName, item.RoleId, item.RoleName, toUserId, AssignmentOrigin.Transferred, notes, item.TargetResolution, byUserId, TaskEventKind.Transfer, now);
        created.InheritSlaState(item);
        _handOvers.Add(new HandOver(item, created));
        _activities.Add(new TaskActivity(this, TaskActivityKind.Transferred, byUserId, notes, CurrentStepId, CurrentStepId, now));
        Touch(now);
        return created;
    }

    /// <summary>
    /// Hands an active assignment to the step's escalation role (the seed's escalate_task_item): the old one is
    /// marked escalated, a new one goes to <paramref name="escalationUserId"/> (unassigned when that role has no active member).
    /// </summary>
    public TaskItem Escalate(WorkflowDefinition definition, int taskItemId, string? reason, int? byUserId, int? escalationUserId, DateTimeOffset now)
    {
        RequireOpen("escalated");
        var item = ActiveItem(taskItemId);
        var step = definition.Node(item.AssignedOnStepId);
        if (step.EscalateTo is not { } escalateTo)
        {
            throw new DomainValidationException("task_item_id", "No escalation role configured for this step");
        }

        var text = RequiredReason(reason, "reason");
        item.Escalate(byUserId, text, now);
        var created = NewItem(step.StepId, step.Name, escalateTo, step.EscalateToName ?? "", escalationUserId, AssignmentOrigin.Escalation, text, item.TargetResolution, byUserId, TaskEventKind.Escalation, now);
        created.InheritSlaState(item);
        _handOvers.Add(new HandOver(item, created));
        _activities.Add(new TaskActivity(this, TaskActivityKind.Escalated, byUserId, text, CurrentStepId, CurrentStepId, now));
        Touch(now);
        return created;
    }

    /// <summary>
    /// The transition of the bound version that leaves the current step: one the version does not have at all is
    /// unknown (404); one that starts elsewhere is the seed's "Invalid transition from current step" (400).
    /// </summary>
    public DefinitionEdge LeavingTransition(WorkflowDefinition definition, int transitionId)
    {
        var edge = definition.Edges.SingleOrDefault(e => e.TransitionId == transitionId)
            ?? throw new DomainNotFoundException($"Transition {transitionId} is not part of the workflow version task {Id} follows.");
        return edge.FromStepId == CurrentStepId
            ? edge
            : throw new DomainValidationException("transition_id", "Invalid transition from current step");
    }

    /// <summary>The escalation role a step names in the bound version, or null.</summary>
    public static int? EscalationRoleOf(WorkflowDefinition definition, TaskItem item) => definition.Node(item.AssignedOnStepId).EscalateTo;

    /// <summary>
    /// The SLA scan found this assignment past its target: history <c>breached</c>, and its assignee and the given
    /// people (the step's escalation role, or the administrators) are told.
    /// </summary>
    public void RecordBreach(int taskItemId, IEnumerable<int> alsoTell, DateTimeOffset now)
    {
        var item = Item(taskItemId);
        item.RecordBreach(now);
        foreach (var recipient in BreachRecipients(item.UserId, alsoTell))
        {
            _events.Add(new TaskEvent(TaskEventKind.SlaBreach, recipient, item, null));
        }

        Touch(now);
    }

    /// <summary>Who hears of a breached assignment: its assignee, then the given people, each once.</summary>
    public static IEnumerable<int> BreachRecipients(int? assignee, IEnumerable<int> alsoTell) =>
        alsoTell.Prepend(assignee ?? 0).Where(id => id != 0).Distinct();

    public void ClearEvents() => _events.Clear();

    /// <summary>The end logic ran: nothing is left to do, and any earlier error is history.</summary>
    public void MarkEndLogicDone(DateTimeOffset now)
    {
        RequireEndLogicPending("marked done");
        EndLogicPending = false;
        EndLogicDoneAt = now;
        EndLogicNextAttemptAt = null;
        EndLogicClaimedUntil = null;
        EndLogicFailedAt = null;
        EndLogicError = "";
    }

    /// <summary>An attempt at the end logic failed: it is tried again at <paramref name="retryAt"/>, or, when that is null, it failed for good.</summary>
    public void MarkEndLogicAttemptFailed(string error, DateTimeOffset? retryAt, DateTimeOffset now)
    {
        RequireEndLogicPending("marked failed");
        EndLogicAttempts++;
        EndLogicError = error.Length > EndLogicErrorMaxLength ? error[..EndLogicErrorMaxLength] : error;
        EndLogicClaimedUntil = null;
        if (retryAt is { } next)
        {
            EndLogicNextAttemptAt = next;
        }
        else
        {
            EndLogicPending = false;
            EndLogicNextAttemptAt = null;
            EndLogicFailedAt = now;
        }
    }

    /// <summary>
    /// An administrator runs the end logic again from the first attempt: one that failed for good, or one still waiting
    /// out its backoff. Refused while a runner holds it and once it is done.
    /// </summary>
    public void RetryEndLogic(DateTimeOffset now)
    {
        if (Status != WorkTaskStatus.Completed || EndLogic.Length == 0)
        {
            throw new DomainConflictException($"Task {Id} has no end logic to run: it is {Status.ToCode()}" + (EndLogic.Length == 0 ? " and its workflow has none." : "."));
        }

        if (EndLogicDoneAt is { } done)
        {
            throw new DomainConflictException($"The {EndLogic} end logic of task {Id} already ran at {done:u}; there is nothing to retry.");
        }

        if (EndLogicClaimedUntil is { } claimed && claimed >= now)
        {
            throw new DomainConflictException($"The {EndLogic} end logic of task {Id} is running right now; wait for this attempt to finish.");
        }

        EndLogicPending = true;
        EndLogicFailedAt = null;
        EndLogicAttempts = 0;
        EndLogicNextAttemptAt = now;
        EndLogicClaimedUntil = null;
        Revision++;
    }

    private void Assign(WorkflowDefinition definition, DefinitionNode step, int roleId, string roleName, int? userId, AssignmentOrigin origin, string? notes, int? byUserId, TaskEventKind kind, DateTimeOffset now)
    {
        // The seed's weighted share: this step gets weight × the ticket's whole SLA, counted from now. The SLA itself,
        // not the task's target less its creation: a resume moves the target by the time held, which no step is owed.
        var sla = TargetResolution is null ? null : definition.Sla(Priority.ToSla());
        DateTimeOffset? target = sla is { } whole ? now + (whole * (double)step.Weight) : null;
        NewItem(step.StepId, step.Name, roleId, roleName, userId, origin, notes, target, byUserId, kind, now);
    }

    private TaskItem NewItem(int stepId, string stepName, int roleId, string roleName, int? userId, AssignmentOrigin origin, string? notes, DateTimeOffset? target, int? byUserId, TaskEventKind kind, DateTimeOffset now)
    {
        var item = new TaskItem(this, userId, roleId, roleName, stepId, stepName, origin, notes, target, byUserId, now);
        _items.Add(item);
        if (userId is { } recipient)
        {
            _events.Add(new TaskEvent(kind, recipient, item, notes));
        }

        return item;
    }

    private TaskItem ActiveItem(int taskItemId)
    {
        var item = Item(taskItemId);
        if (!item.IsActive)
        {
            throw new DomainConflictException($"Task item {taskItemId} is {item.Status.ToCode()}: only an active assignment can be handed on.");
        }

        return item;
    }

    private void RequireEndLogicPending(string becoming)
    {
        if (!EndLogicPending)
        {
            throw new DomainConflictException($"The end logic of task {Id} is not waiting to run: it cannot be {becoming}.");
        }
    }

    private void RequireOpen(string becoming) => RequireStatus(becoming, WorkTaskStatus.Pending, WorkTaskStatus.InProgress, WorkTaskStatus.OnHold);

    private void RequireStatus(string becoming, params WorkTaskStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new DomainConflictException($"Task {Id} is {Status.ToCode()}: it cannot be {becoming}.");
        }
    }

    private static string RequiredReason(string? reason, string field)
    {
        var issues = new List<ValidationIssue>();
        var text = Guard.Text(reason, field, ReasonMaxLength, required: true, m => ValidationIssue.Field(field, m), issues);
        Guard.ThrowIfAny(issues);
        return text;
    }

    private static void CheckText(string? text, string field)
    {
        var issues = new List<ValidationIssue>();
        Guard.Text(text, field, TaskItem.NotesMaxLength, required: false, m => ValidationIssue.Field(field, m), issues);
        Guard.ThrowIfAny(issues);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Revision++;
    }
}
