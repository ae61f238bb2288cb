using System.Linq.Expressions;
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
/// Watches every open SLA. Due rows are found by indexed queries and handled in batches: a batch is claimed by one
/// conditional update (<c>WHERE WarnedAt IS NULL</c> / <c>BreachedAt IS NULL</c>) and its emails, notifications and
/// history are written in the same transaction. When a batch's claim does not get every row (another scan, perhaps in
/// another process, got some first) the batch is rolled back and its rows are claimed one by one, so each warning and
/// each breach happens exactly once however often — and however many processes — run the scan. Tasks on hold are
/// skipped: their clocks stopped, and resuming moves their targets by the time held.
/// </summary>
public sealed class SlaScanService(
    IDbContextFactory<TaskDeskDbContext> contexts,
    VersionDefinitions definitions,
    IOptions<TaskDeskOptions> options,
    EmailOutbox outbox,
    TimeProvider clock,
    ILogger<SlaScanService> logger)
{
    /// <summary>
    /// Rows per transaction: few round trips, and a write lock (on SQLite, the whole database) held only briefly. A
    /// batch's ids go to the database as one JSON parameter (<c>EF.Parameter</c>), so every batch size is the same SQL,
    /// translated once, rather than EF Core 10's default of one parameter per id (a new query for each padded count).
    /// </summary>
    private const int BatchSize = 200;

    /// <summary>The acting user recorded for automatic escalations: nobody.</summary>
    private const int SystemActor = 0;

    private static readonly WorkTaskStatus[] Running = [WorkTaskStatus.Pending, WorkTaskStatus.InProgress];
    private static readonly AssignmentStatus[] Open = [AssignmentStatus.New, AssignmentStatus.InProgress];

    public async Task<SlaScanResult> ScanAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var share = Math.Clamp(options.Value.Sla.WarningAt, 0.0, 1.0);
        await FillWarnTimesAsync(share, ct);

        var warnings = await WarnItemsAsync(now, ct);
        var taskWarnings = await WarnTasksAsync(now, ct);
        var (breaches, escalations) = await BreachItemsAsync(now, ct);
        var taskBreaches = await BreachTasksAsync(now, ct);

        var result = new SlaScanResult(warnings, breaches, taskWarnings, taskBreaches, escalations);
        if (result != new SlaScanResult(0, 0, 0, 0, 0))
        {
            logger.LogInformation("SLA scan: {Result}", result);
        }

        return result;
    }

    /// <summary>New assignments and tasks get their warning time: the configured share of the window to their target.</summary>
    private async Task FillWarnTimesAsync(double share, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var items = await db.TaskItems
            .Where(i => i.WarnAt == null && i.TargetResolution != null && Open.Contains(i.Status))
            .Select(i => new Window(i.Id, i.AssignedOn, i.TargetResolution!.Value))
            .ToListAsync(ct);
        await SetWarnTimesAsync(db, items, share, (id, warnAt) => db.TaskItems.Where(i => i.Id == id && i.WarnAt == null).ExecuteUpdateAsync(s => s.SetProperty(i => i.WarnAt, warnAt), ct), ct);

        var tasks = await db.Tasks
            .Where(t => t.WarnAt == null && t.TargetResolution != null && Running.Contains(t.Status))
            .Select(t => new Window(t.Id, t.CreatedAt, t.TargetResolution!.Value))
            .ToListAsync(ct);
        await SetWarnTimesAsync(db, tasks, share, (id, warnAt) => db.Tasks.Where(t => t.Id == id && t.WarnAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.WarnAt, warnAt), ct), ct);
    }

    /// <summary>Writes each row's warning time, a batch of rows per transaction.</summary>
    private static async Task SetWarnTimesAsync(TaskDeskDbContext db, List<Window> rows, double share, Func<int, DateTimeOffset, Task<int>> set, CancellationToken ct)
    {
        foreach (var batch in rows.Chunk(BatchSize))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var row in batch)
            {
                await set(row.Id, row.From + ((row.Target - row.From) * share));
            }

            await transaction.CommitAsync(ct);
        }
    }

    /// <summary>Assignments past their warning time: an email to the assignee and the coordinator.</summary>
    private async Task<int> WarnItemsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var due = await DueItemsAsync(i => i.WarnedAt == null && i.BreachedAt == null && i.WarnAt <= now, ct);
        var (warned, _) = await ClaimAsync(
            due,
            (db, ids) => db.TaskItems.Where(i => EF.Parameter(ids).Contains(i.Id) && i.WarnedAt == null).ExecuteUpdateAsync(s => s.SetProperty(i => i.WarnedAt, now), ct),
            (db, rows) => EmailAsync(db, TaskEventKind.SlaWarning, rows.Select(r => r with { Recipients = [r.UserId, r.CoordinatorUserId] }).ToList(), now, inApp: false, ct),
            ct);
        return warned;
    }

    /// <summary>Tasks past their own warning time: an email to the coordinator.</summary>
    private async Task<int> WarnTasksAsync(DateTimeOffset now, CancellationToken ct)
    {
        var due = await DueTasksAsync(t => t.WarnedAt == null && t.BreachedAt == null && t.WarnAt <= now, ct);
        var (warned, _) = await ClaimAsync(
            due,
            (db, ids) => db.Tasks.Where(t => EF.Parameter(ids).Contains(t.Id) && t.WarnedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.WarnedAt, now), ct),
            (db, rows) => EmailAsync(db, TaskEventKind.SlaWarning, rows.Select(r => r with { ItemId = null, Recipients = [r.CoordinatorUserId] }).ToList(), now, inApp: false, ct),
            ct);
        return warned;
    }

    /// <summary>Tasks past their own target: the coordinator is told in-app and by email.</summary>
    private async Task<int> BreachTasksAsync(DateTimeOffset now, CancellationToken ct)
    {
        var due = await DueTasksAsync(t => t.BreachedAt == null && t.WarnAt != null && t.TargetResolution <= now, ct);
        var (breached, _) = await ClaimAsync(
            due,
            (db, ids) => db.Tasks.Where(t => EF.Parameter(ids).Contains(t.Id) && t.BreachedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.BreachedAt, now), ct),
            (db, rows) => EmailAsync(db, TaskEventKind.SlaBreach, rows.Select(r => r with { ItemId = null, Recipients = [r.CoordinatorUserId] }).ToList(), now, inApp: true, ct),
            ct);
        return breached;
    }

    /// <summary>
    /// Each breached assignment: claimed, history <c>breached</c>, the assignee and the step's escalation role (or the
    /// administrators) told, and escalated where the workflow says so — a batch of them per transaction.
    /// </summary>
    private async Task<(int Breaches, int Escalations)> BreachItemsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var due = await DueItemsAsync(i => i.BreachedAt == null && i.WarnAt != null && i.TargetResolution <= now, ct);
        return await ClaimAsync(
            due,
            (db, ids) => db.TaskItems.Where(i => EF.Parameter(ids).Contains(i.Id) && i.BreachedAt == null).ExecuteUpdateAsync(s => s.SetProperty(i => i.BreachedAt, now), ct),
            (db, rows) => RecordBreachesAsync(db, rows, now, ct),
            ct);
    }

    /// <summary>
    /// A batch of breaches. The few whose workflow escalates on breach go through their tasks (loaded, escalated by the
    /// domain, saved). The rest only add rows — history, notifications, emails — and bump their tasks' revision, so
    /// they are written set-based (<see cref="BulkInsert"/>, one <c>UPDATE</c>) with the same values the domain writes:
    /// at thousands of breaches, tracking each row cost several times the work itself (decision 0014).
    /// </summary>
    private async Task<Written> RecordBreachesAsync(TaskDeskDbContext db, IReadOnlyList<Due> rows, DateTimeOffset now, CancellationToken ct)
    {
        var breaches = new List<Breach>(rows.Count);
        foreach (var row in rows)
        {
            var definition = await definitions.GetAsync(db, row.VersionId, ct);
            breaches.Add(new Breach(row, definition, definition.Node(row.StepId).EscalateTo));
        }

        // Who else hears of a breach: the active members of the step's escalation role, or the administrators.
        var members = await RoundRobin.MembersAsync(db, [.. breaches.Select(b => b.EscalationRole).OfType<int>().Distinct()], ct);
        IReadOnlyList<int> administrators = breaches.Any(b => b.EscalationRole is null) ? await AdministratorIdsAsync(db, ct) : [];
        IReadOnlyList<int> AlsoTell(Breach b) => b.EscalationRole is { } roleId ? members[roleId] : administrators;

        var escalating = breaches.Where(b => b.Escalates).ToList();
        var escalations = escalating.Count == 0 ? 0 : await EscalateAsync(db, escalating, AlsoTell, members, now, ct);

        var recorded = breaches.Where(b => !b.Escalates).ToList();
        if (recorded.Count == 0)
        {
            return new Written(escalations, []);
        }

        await BulkInsert.InsertAsync(db, [.. recorded.Select(b => TaskItemHistoryEntry.BreachOf(b.Row.Id, now))], ct);
        var taskIds = recorded.Select(b => b.Row.TaskId).Distinct().ToList();
        await db.Tasks.Where(t => EF.Parameter(taskIds).Contains(t.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UpdatedAt, now).SetProperty(t => t.Revision, t => t.Revision + 1), ct);
        var notices = recorded
            .SelectMany(b => WorkTask.BreachRecipients(b.Row.UserId, AlsoTell(b))
                .Select(recipient => new TaskNotifier.Notice(TaskEventKind.SlaBreach, recipient, b.Row.TaskId, b.Row.Id, b.Row.StepName, null, b.Row.TicketNumber, b.Row.Subject)))
            .ToList();
        var (notifications, emails) = await TaskNotifier.ComposeAsync(db, notices, now, ct);
        await BulkInsert.InsertAsync(db, notifications, ct);
        return new Written(escalations, await BulkInsert.InsertReturningKeysAsync(db, emails, ct));
    }

    /// <summary>Breaches whose workflow escalates: recorded and escalated through their tasks, saved with the batch.</summary>
    private async Task<int> EscalateAsync(
        TaskDeskDbContext db, List<Breach> breaches, Func<Breach, IReadOnlyList<int>> alsoTell, IReadOnlyDictionary<int, IReadOnlyList<int>> members, DateTimeOffset now, CancellationToken ct)
    {
        var taskIds = breaches.Select(b => b.Row.TaskId).Distinct().ToList();
        var tasks = await db.Tasks.Include(t => t.Items).Where(t => EF.Parameter(taskIds).Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var escalations = 0;
        foreach (var breach in breaches)
        {
            var task = tasks[breach.Row.TaskId];
            var item = task.Item(breach.Row.Id);
            task.RecordBreach(item.Id, alsoTell(breach), now);
            if (breach.EscalationRole is { } escalateTo && item.IsActive)
            {
                var next = await RoundRobin.ClaimAsync(db, escalateTo, members[escalateTo], ct);
                task.Escalate(breach.Definition, item.Id, "SLA breached: escalated automatically.", SystemActor, next, now);
                escalations++;
            }
        }

        var byTask = breaches.DistinctBy(b => b.Row.TaskId).Select(b => (tasks[b.Row.TaskId], b.Row.TicketNumber, b.Row.Subject)).ToList();
        await TaskNotifier.RecordAsync(db, byTask, now, ct);
        await db.SaveChangesAsync(ct);
        return escalations;
    }

    /// <summary>
    /// Claims due rows a batch at a time and does their work in the claim's transaction. A batch whose claim missed
    /// rows (someone else claimed them first), or whose tasks changed under it, is rolled back and done row by row,
    /// each row in its own transaction. Returns how many rows this scan claimed, and the sum of what the work counted.
    /// </summary>
    private async Task<(int Claimed, int Counted)> ClaimAsync(
        List<Due> due, Func<TaskDeskDbContext, List<int>, Task<int>> claim, Func<TaskDeskDbContext, IReadOnlyList<Due>, Task<Written>> work, CancellationToken ct)
    {
        var (claimed, counted) = (0, 0);
        foreach (var batch in due.Chunk(BatchSize))
        {
            if (await TryAsync(batch, claim, work, ct) is { } batchCount)
            {
                (claimed, counted) = (claimed + batch.Length, counted + batchCount);
                continue;
            }

            foreach (var row in batch)
            {
                if (await TryAsync([row], claim, work, ct) is { } rowCount)
                {
                    (claimed, counted) = (claimed + 1, counted + rowCount);
                }
            }
        }

        return (claimed, counted);
    }

    /// <summary>Claims the rows and does their work in one transaction; null (nothing done) when the claim missed a row.</summary>
    private async Task<int?> TryAsync(Due[] rows, Func<TaskDeskDbContext, List<int>, Task<int>> claim, Func<TaskDeskDbContext, IReadOnlyList<Due>, Task<Written>> work, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await claim(db, rows.Select(r => r.Id).ToList()) != rows.Length)
        {
            return null;
        }

        Written written;
        try
        {
            written = await work(db, rows);
        }
        catch (DbUpdateConcurrencyException) when (rows.Length > 1)
        {
            // A task of the batch was changed by someone at the same moment; row by row, only that one can fail.
            return null;
        }

        await transaction.CommitAsync(ct);
        outbox.QueueWritten(db);
        outbox.QueueWritten(written.Emails);
        return written.Counted;
    }

    /// <summary>Open assignments of running tasks that <paramref name="isDue"/> picks, with their people and ticket.</summary>
    private async Task<List<Due>> DueItemsAsync(Expression<Func<TaskItem, bool>> isDue, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await (
                from i in db.TaskItems.Where(isDue)
                join t in db.Tasks on i.TaskId equals t.Id
                join k in db.Tickets on t.TicketId equals k.Id
                where Open.Contains(i.Status) && Running.Contains(t.Status)
                select new Due(i.Id, i.TaskId, i.UserId, t.CoordinatorUserId, k.TicketNumber, k.Subject) { VersionId = t.WorkflowVersionId, StepId = i.AssignedOnStepId, StepName = i.StepName })
            .ToListAsync(ct);
    }

    /// <summary>Running tasks that <paramref name="isDue"/> picks, with their coordinator and ticket.</summary>
    private async Task<List<Due>> DueTasksAsync(Expression<Func<WorkTask, bool>> isDue, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await (
                from t in db.Tasks.Where(isDue)
                join k in db.Tickets on t.TicketId equals k.Id
                where Running.Contains(t.Status)
                select new Due(t.Id, t.Id, null, t.CoordinatorUserId, k.TicketNumber, k.Subject))
            .ToListAsync(ct);
    }

    private static async Task<List<int>> AdministratorIdsAsync(TaskDeskDbContext db, CancellationToken ct) =>
        await (from ur in db.UserRoles
               join r in db.Roles on ur.RoleId equals r.Id
               where r.Name == AppRoles.Administrator
               select ur.UserId).ToListAsync(ct);

    /// <summary>Emails (and, for breaches, in-app notices) to each row's recipients who have an address and did not turn the kind off.</summary>
    private static async Task<Written> EmailAsync(TaskDeskDbContext db, TaskEventKind kind, IReadOnlyList<Due> rows, DateTimeOffset now, bool inApp, CancellationToken ct)
    {
        var ids = rows.SelectMany(r => r.Recipients).OfType<int>().Distinct().ToList();
        var users = await db.Users
            .Where(u => EF.Parameter(ids).Contains(u.Id))
            .Select(u => new { u.Id, u.Email, OptedOut = db.EmailOptOuts.Any(o => o.UserId == u.Id && o.Kind == kind) })
            .ToDictionaryAsync(u => u.Id, ct);
        var title = kind == TaskEventKind.SlaBreach ? "SLA Breach" : "SLA Warning";
        var (notifications, emails) = (new List<Notification>(), new List<OutboxEmail>());
        foreach (var row in rows)
        {
            foreach (var user in row.Recipients.OfType<int>().Distinct().Where(users.ContainsKey).Select(id => users[id]))
            {
                if (inApp)
                {
                    notifications.Add(new Notification(user.Id, kind, row.TaskId, row.ItemId, row.TicketNumber, title, $"{row.TicketNumber} · {row.Subject}: {title.ToLowerInvariant()}.", now));
                }

                if (!user.OptedOut && !string.IsNullOrEmpty(user.Email))
                {
                    emails.Add(new OutboxEmail(kind, user.Id, user.Email, row.TaskId, row.ItemId, row.TicketNumber, null, now));
                }
            }
        }

        await BulkInsert.InsertAsync(db, notifications, ct);
        return new Written(0, await BulkInsert.InsertReturningKeysAsync(db, emails, ct));
    }

    /// <summary>An assignment's or a task's SLA window: from its start to its target.</summary>
    private sealed record Window(int Id, DateTimeOffset From, DateTimeOffset Target);

    /// <summary>A due row: an assignment (or a task, then <see cref="Id"/> is the task's), its people and its ticket.</summary>
    private sealed record Due(int Id, int TaskId, int? UserId, int? CoordinatorUserId, string TicketNumber, string Subject)
    {
        public int? ItemId { get; init; } = Id;

        public IReadOnlyList<int?> Recipients { get; init; } = [];

        /// <summary>For an assignment: the workflow version its task runs, and the step it was assigned on.</summary>
        public int VersionId { get; init; }

        public int StepId { get; init; }

        public string? StepName { get; init; }
    }

    /// <summary>A breached assignment with its task's workflow and the step's escalation role (none: the administrators).</summary>
    private sealed record Breach(Due Row, Domain.Workflows.WorkflowDefinition Definition, int? EscalationRole)
    {
        /// <summary>The workflow hands a breached assignment to the step's escalation role, and the step names one.</summary>
        public bool Escalates => Definition.Workflow.EscalateOnBreach && EscalationRole is not null;
    }

    /// <summary>What a batch's work counted (escalations), and the outbox rows it wrote without the change tracker.</summary>
    private sealed record Written(int Counted, IReadOnlyList<long> Emails);
}

/// <summary>The recurring Hangfire job; safe to run twice and in two processes at once.</summary>
public sealed class SlaScanJob(SlaScanService scan, IDbContextFactory<TaskDeskDbContext> contexts)
{
    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 60)]
    [Hangfire.AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        await scan.ScanAsync(ct);

        // SQLite keeps no statistics of its own accord; the scan's plans depend on them, and the job runs anyway.
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync(Data.Sqlite.SqliteConnectionSettings.MaintenancePragmas, ct);
        }
    }
}
