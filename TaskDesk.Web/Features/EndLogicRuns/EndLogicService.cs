using Hangfire;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.EndLogicRuns;

public enum EndLogicRunStatus
{
    /// <summary>Waiting for its first attempt or for a retry.</summary>
    Pending,

    /// <summary>Failed after its last attempt; an administrator may retry it.</summary>
    Failed,

    Done,
}

/// <summary>A completed task's end logic as administrators see it.</summary>
public sealed record EndLogicRunView(
    int TaskId, string TicketNumber, string Subject, string Kind, EndLogicRunStatus Status, int Attempts, string LastError,
    DateTimeOffset? CompletedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? ClaimedUntil, DateTimeOffset? FailedAt, DateTimeOffset? DoneAt);

/// <summary>
/// Gets completed tasks' end logic to the runner: right after the transition that completed the task commits, and from
/// the periodic sweep for runs whose job was lost. Queuing a run twice is harmless: the runner claims it first. Lists
/// runs for administrators and lets them retry one.
/// </summary>
public sealed class EndLogicService(IDbContextFactory<TaskDeskDbContext> contexts, IBackgroundJobClient jobs, TimeProvider clock, ILogger<EndLogicService> logger)
{
    private const int SweepBatch = 1000;

    /// <summary>
    /// Queues the end logic of a task the caller has just completed and committed. Never fails the caller: the
    /// completion is saved, and a run that could not be queued (the job storage away) is queued by the sweep.
    /// </summary>
    public void QueueCompleted(WorkTask task)
    {
        if (task.Status != WorkTaskStatus.Completed || !task.EndLogicPending)
        {
            return;
        }

        try
        {
            Queue(task.Id);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Task {TaskId} is completed, but its end logic could not be queued; the end-logic sweep queues it.", task.Id);
        }
    }

    /// <summary>Queues every run that is due and not held by a runner (the sweep).</summary>
    public async Task<int> QueueDueAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var due = await db.Tasks
            .Where(t => t.EndLogicPending && t.EndLogicNextAttemptAt <= now && (t.EndLogicClaimedUntil == null || t.EndLogicClaimedUntil < now))
            .OrderBy(t => t.Id)
            .Select(t => t.Id)
            .Take(SweepBatch)
            .ToListAsync(ct);
        foreach (var id in due)
        {
            Queue(id);
        }

        return due.Count;
    }

    /// <summary>Runs with a status, for administrators: failed and done ones newest first, pending ones by their next attempt.</summary>
    public async Task<IReadOnlyList<EndLogicRunView>> ListAsync(Actor actor, EndLogicRunStatus status, int take = 200, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var tasks = db.Tasks.AsNoTracking();
        tasks = status switch
        {
            EndLogicRunStatus.Pending => tasks.Where(t => t.EndLogicPending).OrderBy(t => t.EndLogicNextAttemptAt).ThenBy(t => t.Id),
            EndLogicRunStatus.Failed => tasks.Where(t => t.EndLogicFailedAt != null).OrderByDescending(t => t.EndLogicFailedAt).ThenByDescending(t => t.Id),
            _ => tasks.Where(t => t.EndLogicDoneAt != null).OrderByDescending(t => t.EndLogicDoneAt).ThenByDescending(t => t.Id),
        };
        return await tasks
            .Take(Math.Clamp(take, 1, 1000))
            .Join(db.Tickets, t => t.TicketId, k => k.Id, (t, k) => new EndLogicRunView(
                t.Id, k.TicketNumber, k.Subject, t.EndLogic, status, t.EndLogicAttempts, t.EndLogicError,
                t.CompletedAt, t.EndLogicNextAttemptAt, t.EndLogicClaimedUntil, t.EndLogicFailedAt, t.EndLogicDoneAt))
            .ToListAsync(ct);
    }

    /// <summary>An administrator runs a task's end logic again from the first attempt (see <see cref="WorkTask.RetryEndLogic"/>).</summary>
    public async Task<EndLogicRunView> RetryAsync(Actor actor, int taskId, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == taskId, ct)
            ?? throw new DomainNotFoundException($"Task {taskId} does not exist.");
        task.RetryEndLogic(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainConflictException($"The end logic of task {taskId} was picked up or retried by someone else at the same moment; reload and look again.");
        }

        Queue(taskId);
        var ticket = await db.Tickets.Where(k => k.Id == task.TicketId).Select(k => new { k.TicketNumber, k.Subject }).SingleAsync(ct);
        return new EndLogicRunView(
            task.Id, ticket.TicketNumber, ticket.Subject, task.EndLogic, EndLogicRunStatus.Pending, task.EndLogicAttempts, task.EndLogicError,
            task.CompletedAt, task.EndLogicNextAttemptAt, task.EndLogicClaimedUntil, task.EndLogicFailedAt, task.EndLogicDoneAt);
    }

    private void Queue(int taskId) => jobs.Enqueue<RunEndLogicJob>(job => job.RunAsync(taskId, CancellationToken.None));
}
