using Microsoft.EntityFrameworkCore;
using TaskDesk.Bench.Data;
using TaskDesk.Bench.Harness;
using TaskDesk.Bench.Hosting;
using TaskDesk.Data;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Roles;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;
using TaskDesk.Web.Features.Tickets;

namespace TaskDesk.Bench.Scenarios;

/// <summary>
/// Intake through the real path — <see cref="TicketService.ReceiveAsync"/> (store the ticket, queue its job) then
/// <see cref="TicketService.ProcessAsync"/> (what the job runs: match, task, coordinator and step round-robin,
/// history, notification, outbox) — with one producer and with many. Beside it the limit: the same rows per ticket
/// written by plain prepared inserts in one transaction per ticket, with no logic and no reads.
/// </summary>
public sealed class IntakeScenario(BenchContext bench, AppHost app, GeneratedWorld world)
{
    private static readonly string[] Tables = [.. RowIds.Tables.Values, "RoundRobinCursors"];

    private readonly TicketService _tickets = app.Service<TicketService>();
    private readonly IDbContextFactory<TaskDeskDbContext> _contexts = app.Service<IDbContextFactory<TaskDeskDbContext>>();
    private readonly Words _words = new(new Random(DataGenerator.SeedFor(bench.Seed, "intake")));

    public async Task RunAsync(ResultTable table, CancellationToken ct = default)
    {
        var sizes = bench.Sizes;
        var warmUp = Contents("W", sizes.IntakeWarmUp);
        await Load.WarmUpAsync(warmUp.Length, sizes.JitPause, i => IntakeAsync(warmUp[i], ct), ct);
        var plainWarmUp = Contents("WL", sizes.IntakeWarmUp);
        await Load.WarmUpInRoundsAsync(plainWarmUp.Length, sizes.JitPause, (from, count) => new IntakeLimit(bench.Server, _contexts, world).RunAsync(1, plainWarmUp[from..(from + count)], ct), ct);

        foreach (var producers in new[] { 1, sizes.Producers })
        {
            var count = producers == 1 ? sizes.IntakeOneProducer : sizes.IntakeManyProducers;
            var contents = Contents($"P{producers}", count);
            var before = await RowCounts.ReadAsync(_contexts, Tables, ct);
            var intake = await bench.Progress.StepAsync(
                $"Intake, {producers} producer(s), {count} tickets",
                () => Load.RunAsync(producers, count, (_, i) => IntakeAsync(contents[i], ct), ct));
            var between = await RowCounts.ReadAsync(_contexts, Tables, ct);
            var limit = await bench.Progress.StepAsync(
                $"Intake limit, {producers} producer(s)",
                () => new IntakeLimit(bench.Server, _contexts, world).RunAsync(producers, Contents($"L{producers}", count), ct));
            var after = await RowCounts.ReadAsync(_contexts, Tables, ct);

            var rows = RowCounts.PerOperation(before, between, count - intake.Errors.Count);
            var limitRows = RowCounts.PerOperation(between, after, count - limit.Errors.Count);
            var written = RowCounts.Describe(rows);
            var same = rows.Where(r => r.Key != "RoundRobinCursors").All(r => Math.Abs(r.Value - limitRows[r.Key]) < 1e-9);
            var note = same ? $"rows per ticket: {written}" : $"NOT COMPARABLE: intake wrote {written}, the limit {RowCounts.Describe(limitRows)}";
            var label = producers == 1 ? "1 producer" : $"{producers} producers";
            table.Add(new Figure("intake", $"tickets per second, {label}", intake.PerSecond, "tickets/s")
                .WithLimit(limit.PerSecond)
                .RatioAtLeast(producers == 1 ? 0.5 : 0.4)
                .Noting(note));
            table.Add(new Figure("intake", $"p95 latency, {label}", intake.Latencies.Percentile(95), "ms").WithLimit(limit.Latencies.Percentile(95)));
            table.Add(new Figure("intake", $"database-is-locked errors, {label}", intake.LockErrors, "errors")
                .AtMost(0)
                .Noting(intake.Errors.Count == 0 ? "no errors" : intake.ErrorSummary()));
            if (limit.Errors.Count > 0)
            {
                throw new InvalidOperationException($"The intake limit failed: {limit.ErrorSummary()}");
            }
        }
    }

    private async Task IntakeAsync(TicketContent content, CancellationToken ct)
    {
        var received = await _tickets.ReceiveAsync(content, ct);
        await _tickets.ProcessAsync(received.TicketNumber, ct);
    }

    /// <summary>Tickets for the generated workflows, made before the clock starts.</summary>
    private TicketContent[] Contents(string phase, int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var workflow = _words.Pick(world.Workflows);
            return _words.Ticket($"BENCH-{phase}-{i + 1:D6}", workflow.Department, workflow.Category, workflow.SubCategory, bench.Now);
        }).ToArray();
}

/// <summary>
/// The rows one intake writes — ticket, task, its creation activity, the first assignment and its history entry,
/// the assignee's notification and email, and the two round-robin turns — prepared beforehand through the domain
/// (so they are exactly the intake's rows), then written plainly: one transaction per ticket.
/// </summary>
internal sealed class IntakeLimit(BenchDatabase server, IDbContextFactory<TaskDeskDbContext> contexts, GeneratedWorld world)
    : PlainLimit<TicketContent, IntakeLimit.PreparedIntake>(server, contexts)
{
    protected override void Write(LimitConnection connection, PreparedIntake intake)
    {
        foreach (var role in intake.TurnsOf)
        {
            connection.Turn(role);
        }

        connection.Rows.WriteNew(intake.Ticket, intake.Task, intake.Notifications, intake.Emails);
    }

    protected override async Task<List<PreparedIntake>> PrepareAsync(TaskDeskDbContext db, RowIds ids, Dictionary<int, List<int>> members, TicketContent[] contents, CancellationToken ct)
    {
        var coordinatorRole = await db.WorkflowRoles.Where(r => r.Name == Role.TicketCoordinator).Select(r => r.Id).SingleAsync(ct);
        var turn = 0;
        var now = DateTimeOffset.UtcNow;
        var prepared = new List<PreparedIntake>(contents.Length);
        foreach (var content in contents)
        {
            var workflow = world.Workflows.Single(w => w.Department == content.Department && w.Category == content.Category && w.SubCategory == content.SubCategory);
            var startRole = workflow.Definition.StartNode.RoleId;
            var ticket = new Ticket(content, now);
            ticket.MarkMatched();
            ids.Give(ticket);
            var coordinator = members[coordinatorRole][turn % members[coordinatorRole].Count];
            var assignee = members[startRole][turn++ % members[startRole].Count];
            var task = WorkTask.Create(ticket, workflow.Id, workflow.VersionId, workflow.Definition, coordinator, assignee, now);
            ids.Give(task);
            var (notifications, emails) = Limits.Notify(task, ticket.TicketNumber, ticket.Subject, ids, now);
            prepared.Add(new PreparedIntake(ticket, task, notifications, emails, [coordinatorRole, startRole]));
        }

        return prepared;
    }

    internal sealed record PreparedIntake(Ticket Ticket, WorkTask Task, List<Notification> Notifications, List<OutboxEmail> Emails, int[] TurnsOf);
}
