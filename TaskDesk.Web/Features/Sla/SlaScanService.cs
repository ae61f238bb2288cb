using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Features.Email;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Sla;

/// <summary>What one scan did, for logs, tests and the benchmark.</summary>
public sealed record SlaScanResult(int Warnings, int Breaches, int TaskWarnings, int TaskBreaches, int Escalations);

/// <summary>
/// Watches every open SLA. Each due row is found by an indexed query and claimed by one conditional update
/// (<c>WHERE WarnedAt IS NULL</c> / <c>BreachedAt IS NULL</c>), so each warning and each breach happens once however
/// often — and however many processes — run the scan. Tasks on hold are skipped: their clocks stopped, and resuming
/// moves their targets by the time held.
/// </summary>
public sealed class SlaScanService(
    IDbContextFactory<TaskDeskDbContext> contexts,
    VersionDefinitions definitions,
    IOptions<TaskDeskOptions> options,
    EmailOutbox outbox,
    TimeProvider clock,
    ILogger<SlaScanService> logger)
{
    private static readonly WorkTaskStatus[] Running = [WorkTaskStatus.Pending, WorkTaskStatus.InProgress];
    private static readonly AssignmentStatus[] Open = [AssignmentStatus.New, AssignmentStatus.InProgress];

    public async Task<SlaScanResult> ScanAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var share = Math.Clamp(options.Value.Sla.WarningAt, 0.0, 1.0);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await FillWarnTimesAsync(db, share, ct);

        var warnings = await WarnItemsAsync(db, now, ct);
        var taskWarnings = await WarnTasksAsync(db, now, ct);
        var (breaches, escalations) = await BreachItemsAsync(now, ct);
        var taskBreaches = await BreachTasksAsync(db, now, ct);
        outbox.QueueWritten(db);

        var result = new SlaScanResult(warnings, breaches, taskWarnings, taskBreaches, escalations);
        if (result != new SlaScanResult(0, 0, 0, 0, 0))
        {
            logger.LogInformation("SLA scan: {Result}", result);
        }

        return result;
    }

    /// <summary>New assignments and tasks get their warning time: the configured share of the window to their target.</summary>
    private static async Task FillWarnTimesAsync(TaskDeskDbContext db, double share, CancellationToken ct)
    {
        var items = await db.TaskItems
            .Where(i => i.WarnAt == null && i.TargetResolution != null && Open.Contains(i.Status))
            .Select(i => new { i.Id, i.AssignedOn, Target = i.TargetResolution!.Value })
            .ToListAsync(ct);
        foreach (var item in items)
        {
            var warnAt = item.AssignedOn + ((item.Target - item.AssignedOn) * share);
            await db.TaskItems.Where(i => i.Id == item.Id && i.WarnAt == null).ExecuteUpdateAsync(s => s.SetProperty(i => i.WarnAt, warnAt), ct);
        }

        var tasks = await db.Tasks
            .Where(t => t.WarnAt == null && t.TargetResolution != null && Running.Contains(t.Status))
            .Select(t => new { t.Id, t.CreatedAt, Target = t.TargetResolution!.Value })
            .ToListAsync(ct);
        foreach (var task in tasks)
        {
            var warnAt = task.CreatedAt + ((task.Target - task.CreatedAt) * share);
            await db.Tasks.Where(t => t.Id == task.Id && t.WarnAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.WarnAt, warnAt), ct);
        }
    }

    private static async Task<int> WarnItemsAsync(TaskDeskDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var due = await (
                from i in db.TaskItems
                join t in db.Tasks on i.TaskId equals t.Id
                where i.WarnedAt == null && i.BreachedAt == null && i.WarnAt <= now && Open.Contains(i.Status) && Running.Contains(t.Status)
                select new { i.Id, i.TaskId, i.UserId, t.CoordinatorUserId })
            .ToListAsync(ct);
        var count = 0;
        foreach (var row in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.TaskItems.Where(i => i.Id == row.Id && i.WarnedAt == null).ExecuteUpdateAsync(s => s.SetProperty(i => i.WarnedAt, now), ct) == 1)
            {
                await EmailAsync(db, TaskEventKind.SlaWarning, [row.UserId, row.CoordinatorUserId], row.TaskId, row.Id, now, ct);
                await transaction.CommitAsync(ct);
                count++;
            }
        }

        return count;
    }

    private static async Task<int> WarnTasksAsync(TaskDeskDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var due = await db.Tasks
            .Where(t => t.WarnedAt == null && t.BreachedAt == null && t.WarnAt <= now && Running.Contains(t.Status))
            .Select(t => new { t.Id, t.CoordinatorUserId })
            .ToListAsync(ct);
        var count = 0;
        foreach (var row in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.Tasks.Where(t => t.Id == row.Id && t.WarnedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.WarnedAt, now), ct) == 1)
            {
                await EmailAsync(db, TaskEventKind.SlaWarning, [row.CoordinatorUserId], row.Id, null, now, ct);
                await transaction.CommitAsync(ct);
                count++;
            }
        }

        return count;
    }

    /// <summary>Each breached assignment: claimed, history <c>breached</c>, people told, and escalated where the workflow says so — in one transaction.</summary>
    private async Task<(int Breaches, int Escalations)> BreachItemsAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<(long Id, int TaskId)> due;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            due = (await (
                    from i in db.TaskItems
                    join t in db.Tasks on i.TaskId equals t.Id
                    where i.BreachedAt == null && i.TargetResolution <= now && Open.Contains(i.Status) && Running.Contains(t.Status)
                    select new { i.Id, i.TaskId })
                .ToListAsync(ct)).Select(r => ((long)r.Id, r.TaskId)).ToList();
        }

        var (breaches, escalations) = (0, 0);
        foreach (var (itemId, taskId) in due)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.TaskItems.Where(i => i.Id == itemId && i.BreachedAt == null).ExecuteUpdateAsync(s => s.SetProperty(i => i.BreachedAt, now), ct) != 1)
            {
                continue;
            }

            var task = await db.Tasks.Include(t => t.Items).SingleAsync(t => t.Id == taskId, ct);
            var definition = await definitions.GetAsync(db, task.WorkflowVersionId, ct);
            var item = task.Item((int)itemId);
            var escalationRole = WorkTask.EscalationRoleOf(definition, item);
            var alsoTell = escalationRole is { } roleId
                ? await db.RoleMembers.Where(m => m.RoleId == roleId && m.IsActive).Select(m => m.UserId).ToListAsync(ct)
                : await AdministratorIdsAsync(db, ct);
            task.RecordBreach(item.Id, alsoTell, now);

            if (definition.Workflow.EscalateOnBreach && escalationRole is { } escalateTo && item.IsActive)
            {
                var next = await RoundRobin.NextUserAsync(db, escalateTo, ct);
                task.Escalate(definition, item.Id, "SLA breached: escalated automatically.", SystemActor, next, now);
                escalations++;
            }

            var ticket = await db.Tickets.Where(t => t.Id == task.TicketId).Select(t => new { t.TicketNumber, t.Subject }).SingleAsync(ct);
            await TaskNotifier.RecordAsync(db, task, ticket.TicketNumber, ticket.Subject, now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            outbox.QueueWritten(db);
            breaches++;
        }

        return (breaches, escalations);
    }

    private static async Task<int> BreachTasksAsync(TaskDeskDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var due = await db.Tasks
            .Where(t => t.BreachedAt == null && t.TargetResolution <= now && Running.Contains(t.Status))
            .Select(t => new { t.Id, t.CoordinatorUserId })
            .ToListAsync(ct);
        var count = 0;
        foreach (var row in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.Tasks.Where(t => t.Id == row.Id && t.BreachedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.BreachedAt, now), ct) == 1)
            {
                await EmailAsync(db, TaskEventKind.SlaBreach, [row.CoordinatorUserId], row.Id, null, now, ct, inApp: true);
                await transaction.CommitAsync(ct);
                count++;
            }
        }

        return count;
    }

    /// <summary>The acting user recorded for automatic escalations: nobody.</summary>
    private const int SystemActor = 0;

    private static async Task<List<int>> AdministratorIdsAsync(TaskDeskDbContext db, CancellationToken ct) =>
        await (from ur in db.UserRoles
               join r in db.Roles on ur.RoleId equals r.Id
               where r.Name == AppRoles.Administrator
               select ur.UserId).ToListAsync(ct);

    private static async Task EmailAsync(TaskDeskDbContext db, TaskEventKind kind, IEnumerable<int?> recipients, int taskId, int? taskItemId, DateTimeOffset now, CancellationToken ct, bool inApp = false)
    {
        var ids = recipients.OfType<int>().Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var ticket = await (from t in db.Tasks
                            join k in db.Tickets on t.TicketId equals k.Id
                            where t.Id == taskId
                            select new { k.TicketNumber, k.Subject }).SingleAsync(ct);
        var optedOut = await db.EmailOptOuts.Where(o => ids.Contains(o.UserId) && o.Kind == kind).Select(o => o.UserId).ToListAsync(ct);
        var emails = await db.Users.Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        foreach (var user in emails)
        {
            if (inApp)
            {
                var title = kind == TaskEventKind.SlaBreach ? "SLA Breach" : "SLA Warning";
                db.Notifications.Add(new Notification(user.Id, kind, taskId, taskItemId, ticket.TicketNumber, title, $"{ticket.TicketNumber} · {ticket.Subject}: {title.ToLowerInvariant()}.", now));
            }

            if (!optedOut.Contains(user.Id) && !string.IsNullOrEmpty(user.Email))
            {
                db.OutboxEmails.Add(new OutboxEmail(kind, user.Id, user.Email, taskId, taskItemId, ticket.TicketNumber, null, now));
            }
        }

        await db.SaveChangesAsync(ct);
    }
}

/// <summary>The recurring Hangfire job; safe to run twice and in two processes at once.</summary>
public sealed class SlaScanJob(SlaScanService scan)
{
    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 60)]
    [Hangfire.AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken ct) => scan.ScanAsync(ct);
}
