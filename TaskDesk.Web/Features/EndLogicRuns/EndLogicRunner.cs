using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskDesk.Data;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Workflows;
using TaskDesk.Web.Features.Email;
using TaskDesk.Web.Infrastructure;
using EndLogicKind = TaskDesk.Domain.Workflows.EndLogic;

namespace TaskDesk.Web.Features.EndLogicRuns;

/// <summary>
/// Runs one completed task's end logic. The task is claimed first with one conditional update (due, pending, and no
/// live claim), so of two runners for the same task (a sweep and a retry, two processes) only one carries it out; a
/// runner that dies leaves a claim that simply runs out. A failed attempt is retried with backoff, and after the last
/// one the task is listed for administrators.
/// </summary>
public sealed class EndLogicRunner(
    IDbContextFactory<TaskDeskDbContext> contexts,
    EndLogicHandoff handoff,
    EmailOutbox outbox,
    IBackgroundJobClient jobs,
    IOptions<TaskDeskOptions> options,
    TimeProvider clock,
    ILogger<EndLogicRunner> logger)
{
    public async Task RunAsync(int taskId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var claimedUntil = now.AddSeconds(Math.Max(1, options.Value.EndLogic.ClaimSeconds));

        // The revision moves too, so an administrator's retry saved from an older read cannot undo this claim.
        var claimed = await db.Tasks
            .Where(t => t.Id == taskId && t.EndLogicPending && t.EndLogicNextAttemptAt <= now && (t.EndLogicClaimedUntil == null || t.EndLogicClaimedUntil < now))
            .ExecuteUpdateAsync(row => row.SetProperty(t => t.EndLogicClaimedUntil, claimedUntil).SetProperty(t => t.Revision, t => t.Revision + 1), ct);
        if (claimed == 0)
        {
            // Done, failed for good, not yet due, or another runner holds it.
            return;
        }

        var task = await db.Tasks.SingleAsync(t => t.Id == taskId, ct);
        try
        {
            await CarryOutAsync(db, task, ct);
            task.MarkEndLogicDone(clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (EndLogicConfigurationException misconfigured)
        {
            await RecordFailureAsync(taskId, claimedUntil, misconfigured.Message, final: true);
            return;
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A timeout is an OperationCanceledException too, but nobody cancelled this run: it is a failed attempt.
            await RecordFailureAsync(taskId, claimedUntil, failure is EndLogicRefusedException ? failure.Message : $"{failure.GetType().Name}: {failure.Message}", final: false);
            return;
        }

        outbox.QueueWritten(db);
        logger.LogInformation("End logic {EndLogic} of task {TaskId} done.", task.EndLogic, taskId);
    }

    private async Task CarryOutAsync(TaskDeskDbContext db, WorkTask task, CancellationToken ct)
    {
        if (!EndLogicCodes.TryParse(task.EndLogic, out var kind) || kind == EndLogicKind.None)
        {
            throw new EndLogicConfigurationException($"Task {task.Id} has end logic '{task.EndLogic}', which TaskDesk does not know.");
        }

        if (kind == EndLogicKind.Notification)
        {
            await EndLogicNotice.AddEmailsAsync(db, task, clock.GetUtcNow(), ct);
        }
        else
        {
            await handoff.PostAsync(db, task, kind, ct);
        }
    }

    // A fresh context: the runner's own may hold emails it could not save, which must not be saved with the failure.
    // Only while the claim is still this runner's: one that outlived its claim (a receiver slower than ClaimSeconds)
    // would otherwise clear the next runner's claim and count an attempt twice (the next one records its own).
    private async Task RecordFailureAsync(int taskId, DateTimeOffset claimedUntil, string error, bool final)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var task = await db.Tasks.SingleAsync(t => t.Id == taskId);
        if (task.EndLogicClaimedUntil is not { } held || Math.Abs((held - claimedUntil).TotalMilliseconds) >= 1)
        {
            logger.LogWarning("End logic {EndLogic} of task {TaskId}: an attempt failed ({Error}) after its claim ran out; the runner holding it now records its own outcome.", task.EndLogic, taskId, error);
            return;
        }

        var now = clock.GetUtcNow();
        var wait = final ? null : options.Value.EndLogic.BackoffAfter(task.EndLogicAttempts + 1);
        task.MarkEndLogicAttemptFailed(error, now + wait, now);
        await db.SaveChangesAsync();
        if (wait is { } delay)
        {
            logger.LogWarning("End logic {EndLogic} of task {TaskId}: attempt {Attempt} failed ({Error}); trying again in {Delay}.", task.EndLogic, taskId, task.EndLogicAttempts, error, delay);

            // As for emails: Hangfire may start a scheduled job up to a second early, when the task is not yet due.
            jobs.Schedule<RunEndLogicJob>(job => job.RunAsync(taskId, CancellationToken.None), delay + TimeSpan.FromSeconds(1));
        }
        else
        {
            logger.LogError("End logic {EndLogic} of task {TaskId} failed for good after {Attempts} attempts: {Error}", task.EndLogic, taskId, task.EndLogicAttempts, error);
        }
    }
}
