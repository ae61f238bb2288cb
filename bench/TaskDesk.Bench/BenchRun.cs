using TaskDesk.Bench.Data;
using TaskDesk.Bench.Harness;
using TaskDesk.Bench.Hosting;
using TaskDesk.Bench.Scenarios;

namespace TaskDesk.Bench;

/// <summary>What a run gave: the table, and the scenarios that could not finish (each also a line of the table).</summary>
public sealed record BenchResult(ResultTable Table, IReadOnlyList<string> Failed);

/// <summary>Runs the chosen scenarios, each on its own generated dataset, and collects their figures in one table.</summary>
public sealed class BenchRun(BenchOptions options, Progress progress)
{
    public async Task<BenchResult> RunAsync(CancellationToken ct = default)
    {
        var ownsFolder = options.WorkFolder is null;
        var work = options.WorkFolder is { } folder ? Directory.CreateDirectory(folder).FullName : Directory.CreateTempSubdirectory("taskdesk-bench-").FullName;
        var bench = new BenchContext(options, BenchDatabase.For(options.Provider, options.Connection, work), work, progress);
        var table = new ResultTable();
        var failed = new List<string>();
        try
        {
            if (options.Runs("intake") || options.Runs("transitions"))
            {
                await RuntimeAsync(bench, table, failed, ct);
            }

            if (options.Runs("scan"))
            {
                await AttemptAsync("scan", table, failed, () => new SlaScanScenario(bench).RunAsync(table, ct));
            }

            if (options.Runs("inbox") || options.Runs("circuits"))
            {
                await InboxAsync(bench, table, failed, ct);
            }
        }
        finally
        {
            if (ownsFolder && !options.Keep)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(work, recursive: true);
            }
            else
            {
                progress.Say($"Datasets kept in {work}");
            }
        }

        return new BenchResult(table, failed);
    }

    /// <summary>Intake and transitions share a dataset: a service desk already holding work, in one app.</summary>
    private async Task RuntimeAsync(BenchContext bench, ResultTable table, List<string> failed, CancellationToken ct)
    {
        var sizes = options.Sizes;
        var dataset = await bench.GenerateAsync(new DataSpec("runtime", sizes.RuntimeUsers, sizes.Workflows, sizes.RuntimeTasks, TaskMix.Lived), ct);
        await using (var app = await bench.StartAppAsync(dataset.ConnectionString, ct: ct))
        {
            if (options.Runs("intake"))
            {
                await AttemptAsync("intake", table, failed, () => new IntakeScenario(bench, app, dataset.World).RunAsync(table, ct));
            }

            if (options.Runs("transitions"))
            {
                await AttemptAsync("transitions", table, failed, () => new TransitionScenario(bench, app, dataset.World).RunAsync(table, ct));
            }
        }

        await bench.DropAsync(dataset.ConnectionString, ct);
    }

    /// <summary>The inbox queries, then the circuits on the same data (My Tasks shows each user's share of it).</summary>
    private async Task InboxAsync(BenchContext bench, ResultTable table, List<string> failed, CancellationToken ct)
    {
        var sizes = options.Sizes;
        var dataset = await bench.GenerateAsync(new DataSpec("inbox", sizes.InboxUsers, sizes.Workflows, sizes.InboxTasks, TaskMix.Lived), ct);
        if (options.Runs("inbox"))
        {
            await using var app = await bench.StartAppAsync(dataset.ConnectionString, ct: ct);
            await AttemptAsync("inbox", table, failed, () => new InboxScenario(bench, app, dataset.World).RunAsync(table, options.Explain ? Console.Error : null, ct));
        }

        if (options.Runs("circuits"))
        {
            await AttemptAsync("circuits", table, failed, () => new CircuitScenario(bench, dataset.World).RunAsync(table, dataset.ConnectionString, ct));
        }

        await bench.DropAsync(dataset.ConnectionString, ct);
    }

    /// <summary>A scenario that fails is a line of the table (and a non-zero exit), and the others still run.</summary>
    private async Task AttemptAsync(string scenario, ResultTable table, List<string> failed, Func<Task> run)
    {
        try
        {
            await run();
        }
        catch (Exception error) when (error is not OperationCanceledException and not BenchUsageException)
        {
            progress.Say($"{scenario} failed: {error}");
            failed.Add(scenario);
            table.Add(new Figure(scenario, "scenario failed", 0, "") { Checks = [new Check("completes", false)], Note = error.GetBaseException().Message });
        }
    }
}
