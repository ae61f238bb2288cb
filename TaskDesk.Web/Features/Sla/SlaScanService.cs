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
public sealed record SlaScanResult(int Warnings, int Breaches, int TaskWarnings, int TaskBreaches, int Escalations)
{
    public SlaScanResult Plus(SlaScanResult other) =>
        new(Warnings + other.Warnings, Breaches + other.Breaches, TaskWarnings + other.TaskWarnings, TaskBreaches + other.TaskBreaches, Escalations + other.Escalations);
}

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

    private static readonly WorkTaskStatus[] Running = [WorkTaskStatus.Pending, WorkTaskStatus.InProgress];
    private static readonly AssignmentStatus[] Open = [AssignmentStatus.New, AssignmentStatus.InProgress];
    private static readonly SlaScanResult None = new(0, 0, 0, 0, 0);

    public Task<SlaScanResult> ScanAsync(CancellationToken ct = default) => ScanAsync(afterReading: () => Task.CompletedTask, ct);

    /// <summary>The scan, with <paramref name="afterReading"/> run between the read of what is due and its claims (for tests).</summary>
    internal async Task<SlaScanResult> ScanAsync(Func<Task> afterReading, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var share = Math.Clamp(options.Value.Sla.WarningAt, 0.0, 1.0);
        List<Due> due;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            await FillWarnTimesAsync(db, share, ct);
            due = await DueAsync(db, now, ct);

            // Read before the write transactions (on SQLite they hold the whole database); a version never changes.
            await definitions.GetManyAsync(db, due.Where(d => d.Event == SlaEvent.ItemBreach).Select(d => d.VersionId), ct);
        }

        await afterReading();
        var result = await ClaimAsync(due, now, ct);
        if (result != None)
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
            .Select(i => new Window(i.Id, i.AssignedOn, i.TargetResolution!.Value))
            .ToListAsync(ct);
        await BulkUpdate.FillNullAsync<TaskItem, int, DateTimeOffset>(db, nameof(TaskItem.WarnAt), [.. items.Select(w => (w.Id, w.WarnAt(share)))], ct);

        var tasks = await db.Tasks
            .Where(t => t.WarnAt == null && t.TargetResolution != null && Running.Contains(t.Status))
            .Select(t => new Window(t.Id, t.CreatedAt, t.TargetResolution!.Value))
            .ToListAsync(ct);
        await BulkUpdate.FillNullAsync<WorkTask, int, DateTimeOffset>(db, nameof(WorkTask.WarnAt), [.. tasks.Select(w => (w.Id, w.WarnAt(share)))], ct);
    }

    /// <summary>
    /// Every row due a warning or a breach: one query for assignments, one for tasks, each the union of a warning branch
    /// and a breach branch that read their own index. A row past its target that was never warned is due both, and is
    /// warned first (events are claimed in <see cref="SlaEvent"/> order).
    /// </summary>
    private static async Task<List<Due>> DueAsync(TaskDeskDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        IQueryable<DueRow> Items(Expression<Func<TaskItem, bool>> isDue) =>
            from i in db.TaskItems.Where(isDue)
            join t in db.Tasks on i.TaskId equals t.Id
            join k in db.Tickets on t.TicketId equals k.Id
            where Open.Contains(i.Status) && Running.Contains(t.Status)
            select new DueRow
            {
                Id = i.Id,
                TaskId = i.TaskId,
                UserId = i.UserId,
                CoordinatorUserId = t.CoordinatorUserId,
                TicketNumber = k.TicketNumber,
                Subject = k.Subject,
                VersionId = t.WorkflowVersionId,
                StepId = i.AssignedOnStepId,
                StepName = i.StepName,
                Warn = i.WarnedAt == null && i.BreachedAt == null && i.WarnAt <= now,
                Breach = i.BreachedAt == null && i.WarnAt != null && i.TargetResolution <= now,
            };
        IQueryable<DueRow> Tasks(Expression<Func<WorkTask, bool>> isDue) =>
            from t in db.Tasks.Where(isDue)
            join k in db.Tickets on t.TicketId equals k.Id
            where Running.Contains(t.Status)
            select new DueRow
            {
                Id = t.Id,
                TaskId = t.Id,
                CoordinatorUserId = t.CoordinatorUserId,
                TicketNumber = k.TicketNumber,
                Subject = k.Subject,
                VersionId = t.WorkflowVersionId,
                Warn = t.WarnedAt == null && t.BreachedAt == null && t.WarnAt <= now,
                Breach = t.BreachedAt == null && t.WarnAt != null && t.TargetResolution <= now,
            };

        var items = await Items(ItemWarningDue(now)).Concat(Items(ItemBreachDue(now))).ToListAsync(ct);
        var tasks = await Tasks(TaskWarningDue(now)).Concat(Tasks(TaskBreachDue(now))).ToListAsync(ct);
        return [.. items.DistinctBy(r => r.Id).SelectMany(r => r.Events(SlaEvent.ItemWarning, SlaEvent.ItemBreach))
            .Concat(tasks.DistinctBy(r => r.Id).SelectMany(r => r.Events(SlaEvent.TaskWarning, SlaEvent.TaskBreach)))
            .OrderBy(d => d.Event)];
    }

    /// <summary>
    /// Claims due rows a batch at a time and does their work in the claim's transaction. A batch whose claim missed
    /// rows (someone else claimed them first), or whose tasks changed under it, is rolled back and done row by row,
    /// each row in its own transaction.
    /// </summary>
    private async Task<SlaScanResult> ClaimAsync(List<Due> due, DateTimeOffset now, CancellationToken ct)
    {
        var result = None;
        foreach (var batch in due.Chunk(BatchSize))
        {
            if (await TryAsync(batch, now, ct) is { } done)
            {
                result = result.Plus(done);
                continue;
            }

            foreach (var row in batch)
            {
                result = result.Plus(await TryAsync([row], now, ct) ?? None);
            }
        }

        return result;
    }

    /// <summary>
    /// Claims the rows — one conditional update per kind of event — and does their work in one transaction; null
    /// (nothing done) when a claim missed a row.
    /// </summary>
    private async Task<SlaScanResult?> TryAsync(Due[] rows, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var events = rows.GroupBy(r => r.Event).Select(g => (Event: g.Key, Rows: g.ToList())).ToList();
        foreach (var (kind, group) in events)
        {
            if (await ClaimRowsAsync(db, kind, [.. group.Select(r => r.Id)], now, ct) != group.Count)
            {
                return null;
            }
        }

        var (escalations, emails) = (0, new List<long>());
        try
        {
            foreach (var (kind, group) in events)
            {
                var written = await WorkAsync(db, kind, group, now, ct);
                escalations += written.Counted;
                emails.AddRange(written.Emails);
            }
        }
        catch (DbUpdateConcurrencyException) when (rows.Length > 1)
        {
            // A task of the batch was changed by someone at the same moment; row by row, only that one can fail.
            return null;
        }

        await transaction.CommitAsync(ct);
        outbox.QueueWritten(db);
        outbox.QueueWritten(emails);
        int Count(SlaEvent kind) => rows.Count(r => r.Event == kind);
        return new SlaScanResult(Count(SlaEvent.ItemWarning), Count(SlaEvent.ItemBreach), Count(SlaEvent.TaskWarning), Count(SlaEvent.TaskBreach), escalations);
    }

    /// <summary>
    /// The claim: <c>UPDATE … SET WarnedAt (BreachedAt) = now WHERE Id IN (…) AND WarnedAt (BreachedAt) IS NULL</c>,
    /// and only while the row is still what the scan read: open, its task running, due. The read came before the write
    /// transaction, and in between someone may have transferred, resolved or held it (a transferred assignment's
    /// successor is due in its own right and is warned on its own).
    /// </summary>
    private static Task<int> ClaimRowsAsync(TaskDeskDbContext db, SlaEvent kind, List<int> ids, DateTimeOffset now, CancellationToken ct) => kind switch
    {
        SlaEvent.ItemWarning => OpenItems(db, ids).Where(ItemWarningDue(now)).ExecuteUpdateAsync(s => s.SetProperty(i => i.WarnedAt, now), ct),
        SlaEvent.TaskWarning => RunningTasks(db, ids).Where(TaskWarningDue(now)).ExecuteUpdateAsync(s => s.SetProperty(t => t.WarnedAt, now), ct),
        SlaEvent.ItemBreach => OpenItems(db, ids).Where(ItemBreachDue(now)).ExecuteUpdateAsync(s => s.SetProperty(i => i.BreachedAt, now), ct),
        _ => RunningTasks(db, ids).Where(TaskBreachDue(now)).ExecuteUpdateAsync(s => s.SetProperty(t => t.BreachedAt, now), ct),
    };

    // What is due, as the read finds it and as the claim checks it again: a warning once the warning time has come and
    // neither warned nor breached yet; a breach once the target has passed, not breached yet (and warned or warnable).
    private static Expression<Func<TaskItem, bool>> ItemWarningDue(DateTimeOffset now) => i => i.WarnedAt == null && i.BreachedAt == null && i.WarnAt <= now;

    private static Expression<Func<TaskItem, bool>> ItemBreachDue(DateTimeOffset now) => i => i.BreachedAt == null && i.WarnAt != null && i.TargetResolution <= now;

    private static Expression<Func<WorkTask, bool>> TaskWarningDue(DateTimeOffset now) => t => t.WarnedAt == null && t.BreachedAt == null && t.WarnAt <= now;

    private static Expression<Func<WorkTask, bool>> TaskBreachDue(DateTimeOffset now) => t => t.BreachedAt == null && t.WarnAt != null && t.TargetResolution <= now;

    private static IQueryable<TaskItem> OpenItems(TaskDeskDbContext db, List<int> ids) =>
        db.TaskItems.Where(i => EF.Parameter(ids).Contains(i.Id) && Open.Contains(i.Status) && Running.Contains(i.Task.Status));

    private static IQueryable<WorkTask> RunningTasks(TaskDeskDbContext db, List<int> ids) =>
        db.Tasks.Where(t => EF.Parameter(ids).Contains(t.Id) && Running.Contains(t.Status));

    /// <summary>
    /// What a claimed event writes. An assignment's warning: an email to the assignee and the coordinator; a task's
    /// warning: an email to the coordinator; an assignment's breach: see <see cref="RecordBreachesAsync"/>; a task's
    /// breach: the coordinator told in-app and by email.
    /// </summary>
    private Task<Written> WorkAsync(TaskDeskDbContext db, SlaEvent kind, List<Due> rows, DateTimeOffset now, CancellationToken ct) => kind switch
    {
        SlaEvent.ItemWarning => EmailAsync(db, TaskEventKind.SlaWarning, [.. rows.Select(r => r with { Recipients = [r.UserId, r.CoordinatorUserId] })], now, inApp: false, ct),
        SlaEvent.TaskWarning => EmailAsync(db, TaskEventKind.SlaWarning, [.. rows.Select(r => r with { ItemId = null, Recipients = [r.CoordinatorUserId] })], now, inApp: false, ct),
        SlaEvent.ItemBreach => RecordBreachesAsync(db, rows, now, ct),
        _ => EmailAsync(db, TaskEventKind.SlaBreach, [.. rows.Select(r => r with { ItemId = null, Recipients = [r.CoordinatorUserId] })], now, inApp: true, ct),
    };

    /// <summary>
    /// A batch of breaches. The few whose workflow escalates on breach go through their tasks (loaded, escalated by the
    /// domain, saved). The rest only add rows — history, notifications, emails — and bump their tasks' revision, so
    /// they are written set-based (<see cref="BulkInsert"/>, one <c>UPDATE</c>) with the same values the domain writes:
    /// at thousands of breaches, tracking each row cost several times the work itself (decision 0014).
    /// </summary>
    private async Task<Written> RecordBreachesAsync(TaskDeskDbContext db, IReadOnlyList<Due> rows, DateTimeOffset now, CancellationToken ct)
    {
        var versions = await definitions.GetManyAsync(db, rows.Select(r => r.VersionId), ct);
        var breaches = rows.Select(row => new Breach(row, versions[row.VersionId], versions[row.VersionId].Node(row.StepId).EscalateTo)).ToList();

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
                task.Escalate(breach.Definition, item.Id, "SLA breached: escalated automatically.", byUserId: null, next, now);
                escalations++;
            }
        }

        var byTask = breaches.DistinctBy(b => b.Row.TaskId).Select(b => (tasks[b.Row.TaskId], b.Row.TicketNumber, b.Row.Subject)).ToList();
        await TaskNotifier.RecordAsync(db, byTask, now, ct);
        await db.SaveChangesAsync(ct);
        return escalations;
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
    private sealed record Window(int Id, DateTimeOffset From, DateTimeOffset Target)
    {
        public DateTimeOffset WarnAt(double share) => From + ((Target - From) * share);
    }

    /// <summary>What a due row is due: a scan claims and writes them in this order.</summary>
    private enum SlaEvent
    {
        ItemWarning,
        TaskWarning,
        ItemBreach,
        TaskBreach,
    }

    /// <summary>A due row: an assignment (or a task, then <see cref="Id"/> is the task's), its people and its ticket.</summary>
    private sealed record Due(int Id, int TaskId, int? UserId, int? CoordinatorUserId, string TicketNumber, string Subject)
    {
        public int? ItemId { get; init; } = Id;

        public IReadOnlyList<int?> Recipients { get; init; } = [];

        /// <summary>For an assignment: the workflow version its task runs, and the step it was assigned on.</summary>
        public int VersionId { get; init; }

        public int StepId { get; init; }

        public string? StepName { get; init; }

        public SlaEvent Event { get; init; }
    }

    /// <summary>A row the due queries found, with which of its events are due (a row can be due both).</summary>
    private sealed class DueRow
    {
        public int Id { get; init; }

        public int TaskId { get; init; }

        public int? UserId { get; init; }

        public int? CoordinatorUserId { get; init; }

        public string TicketNumber { get; init; } = "";

        public string Subject { get; init; } = "";

        public int VersionId { get; init; }

        public int StepId { get; init; }

        public string? StepName { get; init; }

        public bool Warn { get; init; }

        public bool Breach { get; init; }

        public IEnumerable<Due> Events(SlaEvent warning, SlaEvent breach) =>
            new[] { (Warn, warning), (Breach, breach) }.Where(e => e.Item1).Select(e =>
                new Due(Id, TaskId, UserId, CoordinatorUserId, TicketNumber, Subject) { VersionId = VersionId, StepId = StepId, StepName = StepName, Event = e.Item2 });
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
