using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Bench.Data;
using TaskDesk.Bench.Harness;
using TaskDesk.Bench.Hosting;
using TaskDesk.Data;

namespace TaskDesk.Bench;

/// <summary>What every scenario shares: the options, the database server, where files go, the clock the data was made at.</summary>
public sealed class BenchContext(BenchOptions options, BenchDatabase server, string workFolder, Progress progress)
{
    public BenchOptions Options { get; } = options;

    public BenchSizes Sizes => Options.Sizes;

    public BenchDatabase Server { get; } = server;

    public string WorkFolder { get; } = workFolder;

    public Progress Progress { get; } = progress;

    /// <summary>The instant generated data is relative to (due assignments are due at this instant).</summary>
    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public int Seed => Options.Seed;

    public async Task<Dataset> GenerateAsync(DataSpec spec, CancellationToken ct = default)
    {
        var connectionString = Server.NewDatabase(spec.Name);

        // What an interrupted run left behind under the same name goes first: the generator starts from an empty database.
        await Server.DropAsync(connectionString, ct);
        await using var data = Server.Connect(connectionString);
        var world = await Progress.StepAsync(
            $"Generating {spec.Name} ({spec.Tasks:N0} tasks, {spec.Users:N0} users)",
            () => new DataGenerator(Server, data, Progress).GenerateAsync(spec, Seed, Now, ct));
        return new Dataset(connectionString, world);
    }

    public Task<AppHost> StartAppAsync(string connectionString, Action<IServiceCollection>? configureServices = null, CancellationToken ct = default) =>
        AppHost.StartAsync(
            new AppHostSettings(Server.Provider.ToString(), connectionString, WorkFolder) { ServeStaticWebAssets = true, ConfigureServices = configureServices },
            ct);

    /// <summary>Throws a dataset away unless --keep asks for it.</summary>
    public async Task DropAsync(string connectionString, CancellationToken ct = default)
    {
        if (!Options.Keep)
        {
            await Server.DropAsync(connectionString, ct);
        }
    }
}

public sealed record Dataset(string ConnectionString, GeneratedWorld World);

/// <summary>Row counts of tables, to show that two ways of doing the same work wrote the same rows.</summary>
public static class RowCounts
{
    public static async Task<Dictionary<string, long>> ReadAsync(IDbContextFactory<TaskDeskDbContext> contexts, IEnumerable<string> tables, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            counts[table] = await ScalarAsync(connection, $"SELECT COUNT(*) FROM \"{table}\"", ct);
        }

        return counts;
    }

    /// <summary>Rows added per operation in each table, e.g. "Tasks 1, TaskItems 1, …".</summary>
    public static IReadOnlyDictionary<string, double> PerOperation(Dictionary<string, long> before, Dictionary<string, long> after, int operations) =>
        before.Keys.ToDictionary(t => t, t => operations == 0 ? 0 : (after[t] - before[t]) / (double)operations);

    public static string Describe(IReadOnlyDictionary<string, double> perOperation) =>
        string.Join(", ", perOperation.Where(p => p.Value != 0).Select(p => $"{p.Key} {Figure.Format(p.Value)}"));

    public static async Task<long> ScalarAsync(DbConnection connection, string sql, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}
