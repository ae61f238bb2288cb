using System.Data.Common;
using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Bench.Data;
using TaskDesk.Bench.Harness;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Features.Sla;

namespace TaskDesk.Bench.Scenarios;

/// <summary>
/// One SLA scan (<see cref="SlaScanService.ScanAsync"/>, what the recurring job runs) over datasets of growing size,
/// each with 1% of its open assignments due: half past their warning time, half past their target. Beside it the
/// floor on an identical copy: the same indexed selects and set-based updates, and the same rows written (emails,
/// notifications, history), as plain SQL in one transaction. The app's clock is held at the instant the data was made,
/// so exactly the planned assignments are due however long generating took. Each side first runs, untimed, with its
/// clock set back to each of two warm-up rounds' instants. The app handles the dataset's warm-up tasks, which fell due
/// long before and have no warning time yet, and pauses after each round: it has then compiled its queries, and the
/// JIT has compiled its hot code fully optimized, as in an app that scans every minute. The floor has no step that
/// fills warning times in, so it leaves those tasks alone; its rounds only read the same pages. Without that, one scan of 10,000 measured the JIT's first, unoptimized code:
/// 0.12–0.14 s, against 0.07 s with every method fully optimized from the start (decision 0014, ninth pass).
/// </summary>
public sealed class SlaScanScenario(BenchContext bench)
{
    private static readonly string[] Tables = ["OutboxEmails", "Notifications", "TaskItemHistory"];

    /// <summary>
    /// Warm-up tasks of a dataset (at most one in twenty), half in each round: enough rows that every step of a scan
    /// runs a hundred times or more, which makes the JIT recompile it with its optimizations (after 30 calls, twice
    /// with profile-guided optimization).
    /// </summary>
    private const int WarmUpTasks = 200;

    /// <summary>A pause after each warm-up scan: the JIT recompiles hot methods in the background.</summary>
    private static readonly TimeSpan JitPause = TimeSpan.FromSeconds(1);

    public async Task RunAsync(ResultTable table, CancellationToken ct = default)
    {
        var times = new List<(int Size, double Seconds, double Floor)>();
        foreach (var size in bench.Sizes.ScanAssignments.Order())
        {
            var result = await MeasureAsync(size, ct);
            times.Add((result.Open, result.Scan, result.Floor));
            var note = $"{result.Open:N0} open assignments, {result.DueWarnings:N0} due a warning, {result.DueBreaches:N0} past target; " +
                       (result.SameRows ? $"rows written: {result.Rows}" : $"NOT COMPARABLE: scan wrote {result.Rows}, floor {result.FloorRows}") +
                       $"; warm-up rounds handled {result.WarmUp} assignments";
            var figure = new Figure("sla scan", $"one scan, {Scale(size)} open assignments", result.Scan, "s").WithLimit(result.Floor).RatioAtMost(2).Noting(note);
            table.Add(size >= 1_000_000 ? figure.AtMost(2) : figure);
            table.Add(new Figure("sla scan", $"next scan, nothing due, {Scale(size)}", result.EmptyScan, "s")
                .Noting("the every-minute cost once the due work is done"));
        }

        if (times.Count >= 2)
        {
            var (small, large) = (times[0], times[^1]);
            double Exponent(double smallSeconds, double largeSeconds) => Math.Log(largeSeconds / smallSeconds) / Math.Log((double)large.Size / small.Size);
            table.Add(new Figure("sla scan", $"growth exponent, {Scale(small.Size)} → {Scale(large.Size)}", Exponent(small.Seconds, large.Seconds), "")
                .AtMost(1.0)
                .Noting($"time ∝ size^exponent; 1 is linear; the floor's own: {Exponent(small.Floor, large.Floor):0.00}"));
        }
    }

    private static string Scale(int size) => size >= 1_000_000 ? $"{size / 1_000_000.0:0.#}M" : size >= 1_000 ? $"{size / 1_000.0:0.#}k" : size.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<ScanResult> MeasureAsync(int size, CancellationToken ct)
    {
        var spec = new DataSpec($"scan-{size}", Math.Min(bench.Sizes.RuntimeUsers, Math.Max(40, size / 10)), bench.Sizes.Workflows, size, TaskMix.Running)
        {
            WarmUpTasks = Math.Min(WarmUpTasks, size / 20),
            WithNotifications = false,
            UnmatchedShare = 0,

            // The floor has no escalation in it; escalating on breach is a workflow's choice, off by default.
            EscalateOnBreachShare = 0,
        };
        var generated = await bench.GenerateAsync(spec, ct);
        var floorCopy = await bench.Server.CopyAsync(generated.ConnectionString, $"scan-{size}-floor", ct);
        var appCopy = await bench.Server.CopyAsync(generated.ConnectionString, $"scan-{size}-app", ct);
        await bench.DropAsync(generated.ConnectionString, ct);
        try
        {
            ScanResult result;
            await using (var floorData = bench.Server.Connect(floorCopy))
            {
                foreach (var instant in WarmUpInstants)
                {
                    await FloorAsync(floorData.Contexts, instant, ct);
                }

                var (open, dueWarnings, dueBreaches) = await DueAsync(floorData.Contexts, ct);
                var before = await RowCounts.ReadAsync(floorData.Contexts, Tables, ct);
                var floor = await bench.Progress.StepAsync($"SLA scan floor, {size:N0}", () => FloorAsync(floorData.Contexts, bench.Now, ct));
                var floorRows = RowCounts.PerOperation(before, await RowCounts.ReadAsync(floorData.Contexts, Tables, ct), 1);
                result = new ScanResult(open, dueWarnings, dueBreaches, 0, floor, 0, "", RowCounts.Describe(floorRows), false);
            }

            var clock = new SetClock(WarmUpInstants[0]);
            await using var app = await bench.StartAppAsync(appCopy, services => services.AddSingleton<TimeProvider>(clock), ct);
            var contexts = app.Service<IDbContextFactory<TaskDeskDbContext>>();
            var scan = app.Service<SlaScanService>();
            var warmUp = new List<int>();
            foreach (var instant in WarmUpInstants)
            {
                clock.Now = instant;
                var handled = await scan.ScanAsync(ct);
                warmUp.Add(handled.Warnings + handled.Breaches);
                await Task.Delay(JitPause, ct);
            }

            clock.Now = bench.Now;
            var counts = await RowCounts.ReadAsync(contexts, Tables, ct);
            var seconds = await bench.Progress.StepAsync($"SLA scan, {size:N0}", () => TimeAsync(() => scan.ScanAsync(ct)));
            var rows = RowCounts.Describe(RowCounts.PerOperation(counts, await RowCounts.ReadAsync(contexts, Tables, ct), 1));
            var empty = await TimeAsync(() => scan.ScanAsync(ct));
            return result with { Scan = seconds, EmptyScan = empty, Rows = rows, SameRows = rows == result.FloorRows, WarmUp = string.Join(" / ", warmUp) };
        }
        finally
        {
            await bench.DropAsync(floorCopy, ct);
            await bench.DropAsync(appCopy, ct);
        }
    }

    /// <summary>The warm-up rounds' instants, earliest first: only that round's warm-up tasks (and earlier rounds') are due then.</summary>
    private DateTimeOffset[] WarmUpInstants => [.. DataGenerator.WarmUpRounds.Select(age => bench.Now - age)];

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        var started = Stopwatch.GetTimestamp();
        await work();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private async Task<(int Open, int DueWarnings, int DueBreaches)> DueAsync(IDbContextFactory<TaskDeskDbContext> contexts, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = bench.Now;
        var open = from i in db.TaskItems
                   join t in db.Tasks on i.TaskId equals t.Id
                   where (i.Status == AssignmentStatus.New || i.Status == AssignmentStatus.InProgress)
                         && (t.Status == WorkTaskStatus.Pending || t.Status == WorkTaskStatus.InProgress)
                   select i;
        return (
            await open.CountAsync(ct),
            await open.CountAsync(i => i.WarnedAt == null && i.BreachedAt == null && i.WarnAt <= now, ct),
            await open.CountAsync(i => i.BreachedAt == null && i.WarnAt != null && i.TargetResolution <= now, ct));
    }

    /// <summary>The floor: every statement set-based, in one transaction, with the app's values (enums, instants) as the app stores them.</summary>
    private static async Task<double> FloorAsync(IDbContextFactory<TaskDeskDbContext> contexts, DateTimeOffset now, CancellationToken ct)
    {
        var (db, connection) = await AppConnections.OpenAsync(contexts, ct);
        await using (db)
        {
            var started = Stopwatch.GetTimestamp();
            await using var transaction = await connection.BeginTransactionAsync(ct);
            foreach (var statement in FloorSql.Statements)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = statement;
                FloorSql.Bind(command, db, now);
                await command.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
            return Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
    }

    private sealed record ScanResult(int Open, int DueWarnings, int DueBreaches, double Scan, double Floor, double EmptyScan, string Rows, string FloorRows, bool SameRows)
    {
        /// <summary>Assignment events (warnings and breaches) each warm-up round handled.</summary>
        public string WarmUp { get; init; } = "";
    }
}

/// <summary>A clock that stands still where it is set: the scan sees the data as it was made.</summary>
public sealed class SetClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The SLA scan written by hand as set-based SQL: what the scan has to do at the least.</summary>
public static class FloorSql
{
    private const string OpenItem = "\"Status\" IN (@itemNew, @itemInProgress)";
    private const string RunningTask = "\"Status\" IN (@taskPending, @taskInProgress)";
    private const string OfRunningTask = $"EXISTS (SELECT 1 FROM \"Tasks\" t WHERE t.\"Id\" = \"TaskItems\".\"TaskId\" AND t.{RunningTask})";
    private const string EmailColumns = "\"Kind\", \"ToUserId\", \"ToEmail\", \"TaskId\", \"TaskItemId\", \"TicketNumber\", \"Note\", \"Status\", \"Attempts\", \"CreatedAt\", \"NextAttemptAt\", \"LastError\"";
    private const string NotificationColumns = "\"UserId\", \"Kind\", \"TaskId\", \"TaskItemId\", \"TicketNumber\", \"Title\", \"Message\", \"CreatedAt\"";
    private const string MayEmail = "u.\"Email\" <> '' AND NOT EXISTS (SELECT 1 FROM \"EmailOptOuts\" o WHERE o.\"UserId\" = u.\"Id\" AND o.\"Kind\" = {0})";

    private const string BreachedNow = $"""
        WITH breached AS (
            SELECT i."Id", i."TaskId", i."UserId", i."StepName", s."EscalateToRoleId"
            FROM "TaskItems" i JOIN "Steps" s ON s."Id" = i."AssignedOnStepId"
            WHERE i.{OpenItem} AND i."TargetResolution" <= @now AND i."BreachedAt" = @now),
        recipients AS (
            SELECT b."Id" AS item, b."TaskId" AS task, b."StepName" AS step, b."UserId" AS recipient FROM breached b WHERE b."UserId" IS NOT NULL
            UNION SELECT b."Id", b."TaskId", b."StepName", m."UserId" FROM breached b JOIN "RoleMembers" m ON m."RoleId" = b."EscalateToRoleId" AND m."IsActive" = @yes
            UNION SELECT b."Id", b."TaskId", b."StepName", ur."UserId" FROM breached b JOIN "AspNetUserRoles" ur ON b."EscalateToRoleId" IS NULL
                JOIN "AspNetRoles" r ON r."Id" = ur."RoleId" AND r."Name" = @administrator)
        """;

    public static readonly string[] Statements =
    [
        // Assignments nearing their target: claimed, then an email to the assignee and the coordinator.
        $"""UPDATE "TaskItems" SET "WarnedAt" = @now WHERE {OpenItem} AND "WarnAt" <= @now AND "WarnedAt" IS NULL AND "BreachedAt" IS NULL AND {OfRunningTask}""",
        $"""
        INSERT INTO "OutboxEmails" ({EmailColumns})
        SELECT @warning, u."Id", u."Email", i."TaskId", i."Id", k."TicketNumber", '', @emailPending, 0, @now, @now, ''
        FROM "TaskItems" i JOIN "Tasks" t ON t."Id" = i."TaskId" JOIN "Tickets" k ON k."Id" = t."TicketId"
        JOIN "AspNetUsers" u ON u."Id" IN (i."UserId", t."CoordinatorUserId")
        WHERE i.{OpenItem} AND i."WarnAt" <= @now AND i."WarnedAt" = @now AND {string.Format(System.Globalization.CultureInfo.InvariantCulture, MayEmail, "@warning")}
        """,

        // Tasks nearing their own target: claimed, then an email to the coordinator.
        $"""UPDATE "Tasks" SET "WarnedAt" = @now WHERE {RunningTask} AND "WarnAt" <= @now AND "WarnedAt" IS NULL AND "BreachedAt" IS NULL""",
        $"""
        INSERT INTO "OutboxEmails" ({EmailColumns})
        SELECT @warning, u."Id", u."Email", t."Id", NULL, k."TicketNumber", '', @emailPending, 0, @now, @now, ''
        FROM "Tasks" t JOIN "Tickets" k ON k."Id" = t."TicketId" JOIN "AspNetUsers" u ON u."Id" = t."CoordinatorUserId"
        WHERE t.{RunningTask} AND t."WarnAt" <= @now AND t."WarnedAt" = @now AND {string.Format(System.Globalization.CultureInfo.InvariantCulture, MayEmail, "@warning")}
        """,

        // Assignments past their target: claimed, history "breached", the task touched (revision), the assignee and the
        // step's escalation role (or the administrators) told in-app and by email.
        $"""UPDATE "TaskItems" SET "BreachedAt" = @now WHERE {OpenItem} AND "TargetResolution" <= @now AND "WarnAt" IS NOT NULL AND "BreachedAt" IS NULL AND {OfRunningTask}""",
        $"""
        INSERT INTO "TaskItemHistory" ("TaskItemId", "Status", "ByUserId", "Note", "At")
        SELECT "Id", @breached, NULL, '', @now FROM "TaskItems" WHERE {OpenItem} AND "TargetResolution" <= @now AND "BreachedAt" = @now
        """,
        $"""
        UPDATE "Tasks" SET "UpdatedAt" = @now, "Revision" = "Revision" + 1
        WHERE "Id" IN (SELECT "TaskId" FROM "TaskItems" WHERE {OpenItem} AND "TargetResolution" <= @now AND "BreachedAt" = @now)
        """,
        $"""
        {BreachedNow}
        INSERT INTO "Notifications" ({NotificationColumns})
        SELECT r.recipient, @breach, r.task, r.item, k."TicketNumber", 'SLA Breach', k."TicketNumber" || ' · ' || k."Subject" || ': step ' || r.step || ' is past its SLA target.', @now
        FROM recipients r JOIN "Tasks" t ON t."Id" = r.task JOIN "Tickets" k ON k."Id" = t."TicketId"
        """,
        $"""
        {BreachedNow}
        INSERT INTO "OutboxEmails" ({EmailColumns})
        SELECT @breach, u."Id", u."Email", r.task, r.item, k."TicketNumber", '', @emailPending, 0, @now, @now, ''
        FROM recipients r JOIN "Tasks" t ON t."Id" = r.task JOIN "Tickets" k ON k."Id" = t."TicketId" JOIN "AspNetUsers" u ON u."Id" = r.recipient
        WHERE {string.Format(System.Globalization.CultureInfo.InvariantCulture, MayEmail, "@breach")}
        """,

        // Tasks past their own target: claimed, the coordinator told in-app and by email.
        $"""UPDATE "Tasks" SET "BreachedAt" = @now WHERE {RunningTask} AND "TargetResolution" <= @now AND "WarnAt" IS NOT NULL AND "BreachedAt" IS NULL""",
        $"""
        INSERT INTO "Notifications" ({NotificationColumns})
        SELECT t."CoordinatorUserId", @breach, t."Id", NULL, k."TicketNumber", 'SLA Breach', k."TicketNumber" || ' · ' || k."Subject" || ': sla breach.', @now
        FROM "Tasks" t JOIN "Tickets" k ON k."Id" = t."TicketId"
        WHERE t.{RunningTask} AND t."TargetResolution" <= @now AND t."BreachedAt" = @now AND t."CoordinatorUserId" IS NOT NULL
        """,
        $"""
        INSERT INTO "OutboxEmails" ({EmailColumns})
        SELECT @breach, u."Id", u."Email", t."Id", NULL, k."TicketNumber", '', @emailPending, 0, @now, @now, ''
        FROM "Tasks" t JOIN "Tickets" k ON k."Id" = t."TicketId" JOIN "AspNetUsers" u ON u."Id" = t."CoordinatorUserId"
        WHERE t.{RunningTask} AND t."TargetResolution" <= @now AND t."BreachedAt" = @now AND {string.Format(System.Globalization.CultureInfo.InvariantCulture, MayEmail, "@breach")}
        """,
    ];

    /// <summary>Binds every parameter the statements use, converted as the app's model stores each value.</summary>
    public static void Bind(DbCommand command, TaskDeskDbContext db, DateTimeOffset now)
    {
        void Add<TEntity>(string name, string property, object value)
        {
            if (!command.CommandText.Contains(name, StringComparison.Ordinal))
            {
                return;
            }

            var mapping = (Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping)db.Model.FindEntityType(typeof(TEntity))!.FindProperty(property)!.GetTypeMapping();
            command.Parameters.Add(mapping.CreateParameter(command, name, value));
        }

        Add<TaskItem>("@now", nameof(TaskItem.WarnAt), now);
        Add<TaskItem>("@itemNew", nameof(TaskItem.Status), AssignmentStatus.New);
        Add<TaskItem>("@itemInProgress", nameof(TaskItem.Status), AssignmentStatus.InProgress);
        Add<WorkTask>("@taskPending", nameof(WorkTask.Status), WorkTaskStatus.Pending);
        Add<WorkTask>("@taskInProgress", nameof(WorkTask.Status), WorkTaskStatus.InProgress);
        Add<TaskItemHistoryEntry>("@breached", nameof(TaskItemHistoryEntry.Status), AssignmentStatus.Breached);
        Add<OutboxEmail>("@warning", nameof(OutboxEmail.Kind), TaskEventKind.SlaWarning);
        Add<OutboxEmail>("@breach", nameof(OutboxEmail.Kind), TaskEventKind.SlaBreach);
        Add<OutboxEmail>("@emailPending", nameof(OutboxEmail.Status), OutboxEmailStatus.Pending);
        Add<TaskDesk.Domain.Roles.RoleMember>("@yes", nameof(TaskDesk.Domain.Roles.RoleMember.IsActive), true);
        Add<IdentityRole<int>>("@administrator", nameof(IdentityRole<int>.Name), AppRoles.Administrator);
    }
}
