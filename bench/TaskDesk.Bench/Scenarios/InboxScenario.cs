using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Bench.Data;
using TaskDesk.Bench.Harness;
using TaskDesk.Bench.Hosting;
using TaskDesk.Data;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Bench.Scenarios;

/// <summary>
/// The inboxes through <see cref="TaskQueryService"/>, which the screens and the API both use: My Tasks, All Tasks on
/// each tab, Owned Tickets, each plain and with a search, for many users and pages. Beside each, the same SQL — the
/// very commands EF Core sent for that call, captured from its diagnostic events — through plain ADO.NET on a pooled
/// connection, reading every value. Calls alternate between the two so that the machine's noise falls on both.
/// </summary>
public sealed class InboxScenario(BenchContext bench, AppHost app, GeneratedWorld world)
{
    private static readonly TimeSpan WarmUpRoundTime = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan BudgetPerQuery = TimeSpan.FromSeconds(15);

    private readonly TaskQueryService _queries = app.Service<TaskQueryService>();
    private readonly IDbContextFactory<TaskDeskDbContext> _contexts = app.Service<IDbContextFactory<TaskDeskDbContext>>();

    public async Task RunAsync(ResultTable table, TextWriter? explain, CancellationToken ct = default)
    {
        var random = new Random(DataGenerator.SeedFor(bench.Seed, "inbox"));
        var (factory, connectionString) = await PlainConnectionAsync(ct);
        var minimumCalls = Math.Min(30, bench.Sizes.InboxCalls);
        using var capture = await SqlCapture.StartAsync();
        foreach (var kind in Kinds())
        {
            // Warm first, both sides, as a server that has served these screens for a while is: the JIT runs a method's
            // first, unoptimized code until it has counted its calls and recompiled it in the background (decision 0014).
            var warmed = await WarmUpAsync(kind, random, capture, factory, connectionString, ct);

            // Each call runs three times: once to capture its SQL (and warm the caches), then timed through the service
            // and timed as plain SQL. A kind whose queries are slow stops at its time budget, after a floor of calls.
            var service = new List<double>();
            var plain = new List<double>();
            List<CapturedCommand> first = [];
            var (rows, calls) = (0, 0);
            var budget = Stopwatch.StartNew();
            while (calls < bench.Sizes.InboxCalls && (calls < minimumCalls || budget.Elapsed < BudgetPerQuery))
            {
                var call = kind.Call(random);
                var captured = await capture.CaptureAsync(() => call(ct));
                var efTime = await TimeAsync(() => call(ct));
                var started = Stopwatch.GetTimestamp();
                var read = await CapturedCommand.ReplayAsync(factory, connectionString, captured, ct);
                var plainTime = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                first = calls == 0 ? captured : first;
                (rows, calls) = (rows + read, calls + 1);
                service.Add(efTime);
                plain.Add(plainTime);
            }

            var (ef, ado) = (new Latencies(service), new Latencies(plain));
            var note = $"{calls} calls, {first.Count} statements each, {rows / (double)calls:0.#} rows read per call; warmed up with {warmed} calls in {Load.WarmUpRounds} rounds";
            table.Add(new Figure("inbox", $"{kind.Name}, p50", ef.Percentile(50), "ms").WithLimit(ado.Percentile(50)));
            table.Add(new Figure("inbox", $"{kind.Name}, p95", ef.Percentile(95), "ms").WithLimit(ado.Percentile(95)).RatioAtMost(1.5).AtMost(50).Noting(note));
            table.Add(new Figure("inbox", $"{kind.Name}, p99", ef.Percentile(99), "ms").WithLimit(ado.Percentile(99)));
            bench.Progress.Say($"Inbox {kind.Name}: p95 {ef.Percentile(95):0.0} ms, plain {ado.Percentile(95):0.0} ms");
            if (explain is not null)
            {
                await ExplainAsync(explain, kind.Name, first, ct);
            }
        }
    }

    /// <summary>
    /// Untimed calls, through the service and as plain SQL, in the warm-up rounds of <see cref="Load.WarmUpInRoundsAsync"/>
    /// (up to <see cref="BenchSizes.InboxWarmUpCalls"/> each, a round stopping at 2 s); returns how many.
    /// </summary>
    private async Task<int> WarmUpAsync(InboxKind kind, Random random, SqlCapture capture, DbProviderFactory factory, string connectionString, CancellationToken ct)
    {
        var calls = 0;
        await Load.WarmUpInRoundsAsync(Load.WarmUpRounds * bench.Sizes.InboxWarmUpCalls, bench.Sizes.JitPause, async (_, count) =>
        {
            var started = Stopwatch.StartNew();
            for (var i = 0; i < count && (i == 0 || started.Elapsed < WarmUpRoundTime); i++, calls++)
            {
                var call = kind.Call(random);
                var captured = await capture.CaptureAsync(() => call(ct));
                await call(ct);
                await CapturedCommand.ReplayAsync(factory, connectionString, captured, ct);
            }
        }, ct);

        return calls;
    }

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        var started = Stopwatch.GetTimestamp();
        await work();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>The queries' kinds, each with a maker of calls that vary the user, the search and the page as screens do.</summary>
    private IEnumerable<InboxKind> Kinds()
    {
        var workers = world.WorkerIds;
        var coordinators = world.CoordinatorIds;
        var administrator = new Actor(world.AdministratorIds[0], IsAdministrator: true);
        int Page(Random r) => r.NextDouble() switch { < 0.7 => 1, < 0.9 => 2, _ => 3 };
        string Search(Random r) => Words.Things[r.Next(Words.Things.Length)].ToLowerInvariant();

        InboxKind My(string name, bool search) => new(name, r =>
        {
            var actor = new Actor(workers[r.Next(workers.Count)], IsAdministrator: false);
            var query = new TaskListQuery { Page = Page(r), Search = search ? Search(r) : null };
            return ct => _queries.MyTasksAsync(actor, query, ct);
        });

        InboxKind All(string tab, bool search) => new($"all tasks, {tab}" + (search ? ", search" : ""), r =>
        {
            var query = new AllTasksQuery { Tab = tab, Page = Page(r), Search = search ? Search(r) : null };
            return ct => _queries.AllTasksAsync(administrator, query, ct);
        });

        InboxKind Owned(string name, bool search) => new(name, r =>
        {
            var actor = new Actor(coordinators[r.Next(coordinators.Count)], IsAdministrator: false);
            var query = new TaskListQuery { Page = Page(r), Search = search ? Search(r) : null };
            return ct => _queries.OwnedTicketsAsync(actor, query, ct);
        });

        yield return My("my tasks", search: false);
        yield return My("my tasks, search", search: true);
        foreach (var tab in new[] { "active", "inactive", "unassigned" })
        {
            yield return All(tab, search: false);
            yield return All(tab, search: true);
        }

        yield return Owned("owned tickets", search: false);
        yield return Owned("owned tickets, search", search: true);
    }

    /// <summary>The same provider's plain connection, on the app's connection string.</summary>
    private async Task<(DbProviderFactory Factory, string ConnectionString)> PlainConnectionAsync(CancellationToken ct)
    {
        await using var db = await _contexts.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        return (DbProviderFactories.GetFactory(connection)!, connection.ConnectionString);
    }

    /// <summary>Each statement with the database's plan for it: what the README's profile of the inboxes rests on.</summary>
    private async Task ExplainAsync(TextWriter output, string name, IReadOnlyList<CapturedCommand> commands, CancellationToken ct)
    {
        var (db, connection) = await AppConnections.OpenAsync(_contexts, ct);
        await using (db)
        {
            foreach (var captured in commands)
            {
                await output.WriteLineAsync($"== {name}{Environment.NewLine}{captured}{Environment.NewLine}-- plan:");
                await using var command = captured.CreateCommand(connection, bench.Server.ExplainPrefix);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var values = new object[reader.FieldCount];
                    reader.GetValues(values);
                    await output.WriteLineAsync("--   " + string.Join(" | ", values));
                }
            }

            await output.WriteLineAsync();
        }
    }

    private sealed record InboxKind(string Name, Func<Random, Func<CancellationToken, Task>> Call);
}
