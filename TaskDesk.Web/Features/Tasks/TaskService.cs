using System.Collections.ObjectModel;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Features.Email;
using TaskDesk.Web.Features.EndLogicRuns;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Tasks;

/// <summary>What a task looks like after an action: the seed's transition response.</summary>
public sealed record TaskMoved(int TaskId, int CurrentStepId, string CurrentStepName, WorkTaskStatus Status);

/// <summary>
/// Working a task: start, transition, hold, resume, cancel, transfer, escalate. Each action loads the task, checks who
/// may act, lets the task apply its own rules against its bound version, and saves the change with its notifications in
/// one transaction; two people acting at once cannot both win (the task is revisioned: see TaskDeskDbContext.MapRevision).
/// </summary>
public sealed class TaskService(IDbContextFactory<TaskDeskDbContext> contexts, VersionDefinitions definitions, EmailOutbox outbox, EndLogicService endLogic, TimeProvider clock)
{
    private const int MaxAttempts = 3;

    // Every action loads its task with its assignments and its ticket: one query, compiled once.
    private static readonly Func<TaskDeskDbContext, int, CancellationToken, Task<LoadedTask?>> TaskWithTicket =
        EF.CompileAsyncQuery((TaskDeskDbContext db, int taskId, CancellationToken ct) => (
                from t in db.Tasks.Include(t => t.Items)
                join k in db.Tickets on t.TicketId equals k.Id
                where t.Id == taskId
                select new LoadedTask(t, k.TicketNumber, k.Subject))
            .SingleOrDefault());

    public Task<TaskMoved> StartAsync(Actor actor, int taskId, CancellationToken ct = default) =>
        ActAsync(taskId, ct, async (context, now) =>
        {
            RequireAssignee(actor, context.Task);
            context.Task.Start(actor.UserId, now);
            await Task.CompletedTask;
        });

    public Task<TaskMoved> TransitionAsync(Actor actor, int taskId, int transitionId, string? notes, CancellationToken ct = default)
    {
        DefinitionNode Target(ActionContext context) => context.Definition.Node(context.Task.LeavingTransition(context.Definition, transitionId).ToStepId);
        return ActAsync(
            taskId,
            ct,
            turnsOf: context =>
            {
                RefuseStaleTransition(actor, context.Task, context.Definition, transitionId);
                RequireAssignee(actor, context.Task);
                var target = Target(context);
                return target.IsEnd ? [] : [target.RoleId];
            },
            act: async (context, now) =>
            {
                var target = Target(context);
                var next = target.IsEnd ? null : await context.ClaimAsync(target.RoleId, ct);
                context.Task.Transition(context.Definition, transitionId, notes, actor.UserId, next, now);
            });
    }

    public Task<TaskMoved> HoldAsync(Actor actor, int taskId, string? reason, CancellationToken ct = default) =>
        ActAsync(taskId, ct, (context, now) =>
        {
            RequireAssigneeOrCoordinator(actor, context.Task);
            context.Task.Hold(reason, actor.UserId, now);
            return Task.CompletedTask;
        });

    public Task<TaskMoved> ResumeAsync(Actor actor, int taskId, string? reason, CancellationToken ct = default) =>
        ActAsync(taskId, ct, (context, now) =>
        {
            RequireAssigneeOrCoordinator(actor, context.Task);
            context.Task.Resume(reason, actor.UserId, now);
            return Task.CompletedTask;
        });

    public Task<TaskMoved> CancelAsync(Actor actor, int taskId, string? reason, CancellationToken ct = default) =>
        ActAsync(taskId, ct, (context, now) =>
        {
            RequireCoordinator(actor, context.Task);
            context.Task.Cancel(reason, actor.UserId, now);
            return Task.CompletedTask;
        });

    /// <summary>Administrators and the task's coordinator hand an assignment to another active member of its role.</summary>
    public Task<TaskItemView> TransferAsync(Actor actor, int taskItemId, int newUserId, string? notes, CancellationToken ct = default) =>
        TransferAsync(actor, taskItemId, newUserId, notes, afterReading: () => Task.CompletedTask, ct);

    /// <summary>The transfer, with <paramref name="afterReading"/> run between reading the task and its write transaction (for tests).</summary>
    internal async Task<TaskItemView> TransferAsync(Actor actor, int taskItemId, int newUserId, string? notes, Func<Task> afterReading, CancellationToken ct = default)
    {
        TaskItem? created = null;
        var taskId = await TaskIdOfItemAsync(taskItemId, ct);
        await ActAsync(taskId, ct, _ => [], afterReading, async (context, now) =>
        {
            RequireCoordinator(actor, context.Task);
            var item = context.Task.Item(taskItemId);
            if (!await context.Db.Users.AnyAsync(u => u.Id == newUserId, ct))
            {
                throw new DomainNotFoundException($"User {newUserId} does not exist.");
            }

            if (!await context.Db.RoleMembers.AnyAsync(m => m.RoleId == item.RoleId && m.UserId == newUserId && m.IsActive, ct))
            {
                throw new DomainValidationException("new_user_id", $"User {newUserId} is not an active member of role '{item.RoleName}', which this assignment belongs to.");
            }

            if (!await context.Db.Users.Where(AppUser.Active).AnyAsync(u => u.Id == newUserId, ct))
            {
                throw new DomainValidationException("new_user_id", $"User {newUserId} is deactivated and cannot take work.");
            }

            created = context.Task.Transfer(taskItemId, newUserId, notes, actor.UserId, now);
        });
        return TaskItemView.From(created!);
    }

    /// <summary>The assignee, the coordinator or an administrator hands an assignment to the step's escalation role.</summary>
    public async Task<TaskItemView> EscalateAsync(Actor actor, int taskItemId, string? reason, CancellationToken ct = default)
    {
        TaskItem? created = null;
        var taskId = await TaskIdOfItemAsync(taskItemId, ct);
        await ActAsync(
            taskId,
            ct,
            turnsOf: context =>
            {
                var item = context.Task.Item(taskItemId);
                if (!TaskAccess.MayEscalate(actor, context.Task, item))
                {
                    throw new AccessDeniedException($"Only the assignee of task item {taskItemId}, the task's coordinator or an administrator may escalate it.");
                }

                return WorkTask.EscalationRoleOf(context.Definition, item) is { } roleId ? [roleId] : [];
            },
            act: async (context, now) =>
            {
                var escalateTo = WorkTask.EscalationRoleOf(context.Definition, context.Task.Item(taskItemId));
                var escalationUser = escalateTo is { } roleId ? await context.ClaimAsync(roleId, ct) : null;
                created = context.Task.Escalate(context.Definition, taskItemId, reason, actor.UserId, escalationUser, now);
            });
        return TaskItemView.From(created!);
    }

    private async Task<int> TaskIdOfItemAsync(int taskItemId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.TaskItems.Where(i => i.Id == taskItemId).Select(i => (int?)i.TaskId).SingleOrDefaultAsync(ct)
            ?? throw new DomainNotFoundException($"Task item {taskItemId} does not exist.");
    }

    private Task<TaskMoved> ActAsync(int taskId, CancellationToken ct, Func<ActionContext, DateTimeOffset, Task> act) =>
        ActAsync(taskId, ct, turnsOf: _ => [], act);

    private Task<TaskMoved> ActAsync(int taskId, CancellationToken ct, Func<ActionContext, IReadOnlyCollection<int>> turnsOf, Func<ActionContext, DateTimeOffset, Task> act) =>
        ActAsync(taskId, ct, turnsOf, afterReading: () => Task.CompletedTask, act);

    /// <summary>
    /// An action that may claim round-robin turns: <paramref name="turnsOf"/> checks the actor and names the roles whose
    /// turns <paramref name="act"/> may claim, before the write transaction, so their members are read outside it.
    /// </summary>
    private async Task<TaskMoved> ActAsync(
        int taskId, CancellationToken ct, Func<ActionContext, IReadOnlyCollection<int>> turnsOf, Func<Task> afterReading, Func<ActionContext, DateTimeOffset, Task> act)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await TryActAsync(taskId, ct, turnsOf, afterReading, act, mayRetry: attempt < MaxAttempts) is { } moved)
            {
                return moved;
            }
        }
    }

    /// <summary>
    /// The action in one transaction; null when it should run again on fresh state: the row changed underneath
    /// without a domain change, or the database gave up on the transaction (a deadlock's victim).
    /// </summary>
    private async Task<TaskMoved?> TryActAsync(
        int taskId, CancellationToken ct, Func<ActionContext, IReadOnlyCollection<int>> turnsOf, Func<Task> afterReading, Func<ActionContext, DateTimeOffset, Task> act, bool mayRetry)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        int? readRevision = null;
        try
        {
            // The task and its ticket are read before the write transaction (on SQLite it holds the whole database): the
            // task's revision, checked when it is saved, already makes a change by someone else in between a conflict.
            var (task, ticketNumber, subject) = await TaskWithTicket(db, taskId, ct)
                ?? throw new DomainNotFoundException($"Task {taskId} does not exist.");
            readRevision = task.Revision;
            var definition = await definitions.GetAsync(db, task.WorkflowVersionId, ct);
            var context = new ActionContext(db, task, definition);
            var roles = turnsOf(context);
            if (roles.Count > 0)
            {
                context = context with { Members = await RoundRobin.MembersAsync(db, roles, ct) };
            }

            await afterReading();

            // Leaving the try block (an exception included) rolls the transaction back before a catch below runs.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();

            await act(context, now);
            await TaskNotifier.RecordAsync(db, task, ticketNumber, subject, now, ct);
            await db.SaveChangesAsync(ct);
            await CatchUpHandOversAsync(db, task, ct);
            await transaction.CommitAsync(ct);
            outbox.QueueWritten(db);
            endLogic.QueueCompleted(task);
            return new TaskMoved(task.Id, task.CurrentStepId, task.CurrentStepName, task.Status);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Server databases check the row's own version, which a set-based update by a job (the SLA scan's marks)
            // also changes. With the revision unchanged nobody acted on the task: run the action again.
            if (mayRetry && readRevision is { } revision && await RevisionIsAsync(taskId, revision, ct))
            {
                return null;
            }

            throw new DomainConflictException($"Task {taskId} was changed by someone else at the same moment; nothing was done. Reload it and try again.");
        }
        catch (Exception error) when (DatabaseFailures.IsTransientConflict(error))
        {
            return mayRetry
                ? null
                : throw new DomainConflictException($"Task {taskId} is being changed by someone else at the same moment; nothing was done. Try again.");
        }
    }

    /// <summary>
    /// An assignment handed on inherits its predecessor's SLA marks as they were read, before the transaction; the SLA
    /// scan may have warned the predecessor since (it marks assignments without their task). Read after this change's
    /// own update of the predecessor (which, on a server database, waits for a concurrent mark and holds off later
    /// ones; SQLite's write transaction holds the whole file), the marks are current.
    /// </summary>
    private static async Task CatchUpHandOversAsync(TaskDeskDbContext db, WorkTask task, CancellationToken ct)
    {
        if (task.HandOvers.Count == 0)
        {
            return;
        }

        var ids = task.HandOvers.Select(h => h.Predecessor.Id).ToList();
        var marks = await db.TaskItems.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, i.WarnedAt, i.BreachedAt })
            .ToDictionaryAsync(i => i.Id, ct);
        var caughtUp = false;
        foreach (var handOver in task.HandOvers)
        {
            var mark = marks[handOver.Predecessor.Id];
            caughtUp |= handOver.CatchUp(mark.WarnedAt, mark.BreachedAt);
        }

        if (caughtUp)
        {
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task<bool> RevisionIsAsync(int taskId, int revision, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Tasks.AnyAsync(t => t.Id == taskId && t.Revision == revision, ct);
    }

    /// <summary>
    /// Someone who worked the step a transition leaves, when the task has already moved on from it, lost a race with
    /// another person acting at the same moment: that is a conflict (409), not a bad request.
    /// </summary>
    private static void RefuseStaleTransition(Actor actor, WorkTask task, WorkflowDefinition definition, int transitionId)
    {
        var edge = definition.Edges.SingleOrDefault(e => e.TransitionId == transitionId);
        if (edge is not null && edge.FromStepId != task.CurrentStepId
            && task.Items.Any(i => i.AssignedOnStepId == edge.FromStepId && (actor.IsAdministrator || i.UserId == actor.UserId)))
        {
            throw new DomainConflictException(
                $"Task {task.Id} has already moved on from step '{definition.Node(edge.FromStepId).Name}' (it is {task.Status.ToCode()} at '{task.CurrentStepName}'); nothing was done.");
        }
    }

    private static void RequireAssignee(Actor actor, WorkTask task)
    {
        if (!TaskAccess.MayWork(actor, task))
        {
            throw new AccessDeniedException($"Only an active assignee of task {task.Id}'s current step, or an administrator, may act on it.");
        }
    }

    private static void RequireAssigneeOrCoordinator(Actor actor, WorkTask task)
    {
        if (!TaskAccess.MayHoldOrResume(actor, task))
        {
            throw new AccessDeniedException($"Only the assignee, the coordinator of task {task.Id} or an administrator may do this.");
        }
    }

    private static void RequireCoordinator(Actor actor, WorkTask task)
    {
        if (!TaskAccess.MayCoordinate(actor, task))
        {
            throw new AccessDeniedException($"Only the coordinator of task {task.Id} or an administrator may do this.");
        }
    }

    private sealed record ActionContext(TaskDeskDbContext Db, WorkTask Task, WorkflowDefinition Definition)
    {
        /// <summary>The active members of the roles the action named before its transaction, in rotation order.</summary>
        public IReadOnlyDictionary<int, IReadOnlyList<int>> Members { get; init; } = ReadOnlyDictionary<int, IReadOnlyList<int>>.Empty;

        /// <summary>Claims the next turn of a role named before the transaction; null when it has no active member.</summary>
        public Task<int?> ClaimAsync(int roleId, CancellationToken ct) => RoundRobin.ClaimAsync(Db, roleId, Members[roleId], ct);
    }

    private sealed record LoadedTask(WorkTask Task, string TicketNumber, string Subject);
}

public sealed record TaskItemView(int TaskItemId, int TaskId, int? UserId, int RoleId, string RoleName, int StepId, string StepName, AssignmentOrigin Origin, AssignmentStatus Status, string Notes, DateTimeOffset AssignedOn, DateTimeOffset? TargetResolution)
{
    public static TaskItemView From(TaskItem item) =>
        new(item.Id, item.TaskId, item.UserId, item.RoleId, item.RoleName, item.AssignedOnStepId, item.StepName, item.Origin, item.Status, item.Notes, item.AssignedOn, item.TargetResolution);
}
