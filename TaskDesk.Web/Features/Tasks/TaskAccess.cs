using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Tasks;

/// <summary>
/// Who may see and act on a task: one set of rules for <see cref="TaskService"/> (which refuses) and
/// <see cref="TaskDetails"/> (which tells a page which buttons to show), so the two cannot drift apart.
/// </summary>
public static class TaskAccess
{
    /// <summary>Its assignees (past or present), its coordinator and administrators.</summary>
    public static bool MaySee(Actor actor, WorkTask task) =>
        actor.IsAdministrator || task.CoordinatorUserId == actor.UserId || task.Items.Any(i => i.UserId == actor.UserId);

    /// <summary>Start it and move it along a transition: an active assignee of the current step, or an administrator.</summary>
    public static bool MayWork(Actor actor, WorkTask task) => actor.IsAdministrator || task.IsActiveAssignee(actor.UserId);

    public static bool MayHoldOrResume(Actor actor, WorkTask task) => MayCoordinate(actor, task) || task.IsActiveAssignee(actor.UserId);

    /// <summary>Transfer and cancel: the task's coordinator or an administrator.</summary>
    public static bool MayCoordinate(Actor actor, WorkTask task) => actor.IsAdministrator || task.CoordinatorUserId == actor.UserId;

    public static bool MayEscalate(Actor actor, WorkTask task, TaskItem item) =>
        MayCoordinate(actor, task) || (item.IsActive && item.UserId == actor.UserId);
}

/// <summary>
/// What the viewer can do with a task right now, by <see cref="TaskAccess"/> and the task's status: a page shows only
/// the buttons that can work. The service still decides each action, so a stale page is refused, not obeyed.
/// </summary>
/// <param name="Start">Their own assignment of the current step is still new.</param>
/// <param name="Transferable">Active assignments they may hand to another member of the role.</param>
/// <param name="Escalatable">Active assignments they may escalate (the step names an escalation role).</param>
public sealed record TaskAbilities(
    bool Start,
    bool Transition,
    bool Hold,
    bool Resume,
    bool Cancel,
    IReadOnlySet<int> Transferable,
    IReadOnlySet<int> Escalatable)
{
    public static TaskAbilities Of(Actor actor, WorkTask task, WorkflowDefinition definition)
    {
        var moving = task.Status is WorkTaskStatus.Pending or WorkTaskStatus.InProgress;
        var open = moving || task.Status == WorkTaskStatus.OnHold;
        var current = task.ActiveItems.Where(i => i.AssignedOnStepId == task.CurrentStepId).ToList();
        return new TaskAbilities(
            Start: moving && current.Any(i => i.UserId == actor.UserId && i.Status == AssignmentStatus.New),
            Transition: moving && TaskAccess.MayWork(actor, task),
            Hold: task.Status == WorkTaskStatus.InProgress && TaskAccess.MayHoldOrResume(actor, task),
            Resume: task.Status == WorkTaskStatus.OnHold && TaskAccess.MayHoldOrResume(actor, task),
            Cancel: task.Status == WorkTaskStatus.Pending && TaskAccess.MayCoordinate(actor, task),
            Transferable: open && TaskAccess.MayCoordinate(actor, task) ? current.Select(i => i.Id).ToHashSet() : new HashSet<int>(),
            Escalatable: open
                ? current.Where(i => definition.Node(i.AssignedOnStepId).EscalateTo is not null && TaskAccess.MayEscalate(actor, task, i)).Select(i => i.Id).ToHashSet()
                : new HashSet<int>());
    }
}
