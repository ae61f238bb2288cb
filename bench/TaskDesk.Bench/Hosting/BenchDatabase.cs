using System.Data.Common;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;

namespace TaskDesk.Bench.Hosting;

/// <summary>
/// The database server side of the bench: where each dataset lives, how it is copied and thrown away, and the few
/// statements that differ between providers. Everything else goes through TaskDesk's own data layer
/// (<see cref="DataServiceCollectionExtensions.AddTaskDeskData"/>), so the bench connects exactly as the app does.
/// </summary>
public abstract class BenchDatabase
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>The prefix that makes the database describe how it runs a query.</summary>
    public abstract string ExplainPrefix { get; }

    /// <summary>The provider the options name (SQLite, or PostgreSQL on a server the connection names).</summary>
    public static BenchDatabase For(string provider, string? connection, string workFolder)
    {
        var chosen = provider.Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgresql" or "postgres" => DatabaseProvider.PostgreSql,
            _ => throw new BenchUsageException($"--provider '{provider}' is not one of sqlite, postgresql."),
        };

        return chosen switch
        {
            DatabaseProvider.Sqlite => new SqliteBenchDatabase(workFolder),
            _ => new ServerBenchDatabase(chosen, connection
                ?? throw new BenchUsageException($"--provider {provider} needs --connection with a server, a user allowed to create databases, and the database name the bench's datasets are named after.")),
        };
    }

    /// <summary>The connection string of a new, empty database for one dataset (the app's migrations create its tables).</summary>
    public abstract string NewDatabase(string name);

    /// <summary>An identical copy of a dataset, so that a measurement that changes data can be repeated on the same data.</summary>
    public abstract Task<string> CopyAsync(string connectionString, string name, CancellationToken ct = default);

    public abstract Task DropAsync(string connectionString, CancellationToken ct = default);

    /// <summary>Settings for the generator's own connection: a bulk load need not be durable until it is finished.</summary>
    public abstract Task PrepareBulkLoadAsync(DbConnection connection, CancellationToken ct = default);

    /// <summary>After the bulk load: what the app's start-up leaves a database in, and identity counters past the given ids.</summary>
    public async Task FinishBulkLoadAsync(DbConnection connection, IEnumerable<string> tablesWithGivenIds, CancellationToken ct = default)
    {
        await FollowGivenIdsAsync(connection, tablesWithGivenIds, ct);
        await SettleAsync(connection, ct);
    }

    /// <summary>Rows written with ids the bench gave: the database's own id counters must continue after them.</summary>
    public abstract Task FollowGivenIdsAsync(DbConnection connection, IEnumerable<string> tables, CancellationToken ct = default);

    /// <summary>Leaves a freshly loaded database as the app's start-up would leave it.</summary>
    protected abstract Task SettleAsync(DbConnection connection, CancellationToken ct);

    /// <summary>TaskDesk's own data layer for one database, as the app registers it.</summary>
    public DataConnection Connect(string connectionString)
    {
        var services = new ServiceCollection().AddTaskDeskData(Provider, connectionString).BuildServiceProvider();
        return new DataConnection(connectionString, services);
    }

    protected static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Pooled connections hold a database open; copying or dropping it needs them gone (every ADO.NET provider has this static).</summary>
    protected static void ClearPools(DbConnection connection) =>
        connection.GetType().GetMethod("ClearAllPools", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes)?.Invoke(null, null);
}

/// <summary>A database's connection string and TaskDesk's context factory for it.</summary>
public sealed class DataConnection(string connectionString, ServiceProvider services) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    public IDbContextFactory<TaskDeskDbContext> Contexts { get; } = services.GetRequiredService<IDbContextFactory<TaskDeskDbContext>>();

    public ValueTask DisposeAsync() => services.DisposeAsync();
}

/// <summary>The embedded default: each dataset is a file in the bench's work folder.</summary>
public sealed class SqliteBenchDatabase(string folder) : BenchDatabase
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string ExplainPrefix => "EXPLAIN QUERY PLAN ";

    public override string NewDatabase(string name)
    {
        var path = Path.Combine(folder, name + ".db");
        Delete(path);
        return new SqliteConnectionStringBuilder { DataSource = path }.ToString();
    }

    public override Task<string> CopyAsync(string connectionString, string name, CancellationToken ct = default)
    {
        SqliteConnection.ClearAllPools();
        var from = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var copy = NewDatabase(name);
        var to = new SqliteConnectionStringBuilder(copy).DataSource;

        // With every connection closed SQLite has checkpointed the WAL into the file; copy a leftover one all the same.
        foreach (var suffix in new[] { "", "-wal" })
        {
            if (File.Exists(from + suffix))
            {
                File.Copy(from + suffix, to + suffix, overwrite: true);
            }
        }

        return Task.FromResult(copy);
    }

    public override Task DropAsync(string connectionString, CancellationToken ct = default)
    {
        SqliteConnection.ClearAllPools();
        Delete(new SqliteConnectionStringBuilder(connectionString).DataSource);
        return Task.CompletedTask;
    }

    public override Task PrepareBulkLoadAsync(DbConnection connection, CancellationToken ct = default) =>
        ExecuteAsync(connection, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;", ct);

    /// <summary>AUTOINCREMENT continues after the largest id ever inserted, given or not.</summary>
    public override Task FollowGivenIdsAsync(DbConnection connection, IEnumerable<string> tables, CancellationToken ct = default) => Task.CompletedTask;

    /// <summary>
    /// What TaskDesk's start-up does to every SQLite database (WAL, planner statistics): the bench's copies are made
    /// before the app ever opens them, so each copy — the floor's too — starts as the app would leave it.
    /// </summary>
    protected override Task SettleAsync(DbConnection connection, CancellationToken ct) =>
        ExecuteAsync(connection, TaskDesk.Data.Sqlite.SqliteConnectionSettings.StartupPragmas, ct);

    private static void Delete(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(path + suffix);
        }
    }
}

/// <summary>
/// A server database (PostgreSQL): each dataset is a database on the server named after the one in --connection,
/// copied with CREATE DATABASE … TEMPLATE. Written with plain ADO.NET and SQL so that it needs no provider package of its own.
/// </summary>
public sealed class ServerBenchDatabase(DatabaseProvider provider, string connection) : BenchDatabase
{
    public override DatabaseProvider Provider => provider;

    public override string ExplainPrefix => "EXPLAIN ";

    public override string NewDatabase(string name)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connection };
        builder["Database"] = $"{BaseName()}_bench_{name}".ToLowerInvariant();
        return builder.ConnectionString;
    }

    public override async Task<string> CopyAsync(string connectionString, string name, CancellationToken ct = default)
    {
        var copy = NewDatabase(name);
        await DropAsync(copy, ct);
        await OnServerAsync($"CREATE DATABASE \"{NameOf(copy)}\" TEMPLATE \"{NameOf(connectionString)}\"", ct);
        return copy;
    }

    public override Task DropAsync(string connectionString, CancellationToken ct = default) =>
        OnServerAsync($"DROP DATABASE IF EXISTS \"{NameOf(connectionString)}\" WITH (FORCE)", ct);

    public override Task PrepareBulkLoadAsync(DbConnection connection, CancellationToken ct = default) =>
        ExecuteAsync(connection, "SET synchronous_commit = off", ct);

    public override async Task FollowGivenIdsAsync(DbConnection connection, IEnumerable<string> tables, CancellationToken ct = default)
    {
        foreach (var table in tables)
        {
            await ExecuteAsync(connection, $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), COALESCE(MAX(\"Id\"), 0) + 1, false) FROM \"{table}\"", ct);
        }
    }

    /// <summary>A server database keeps statistics; after a bulk load they are refreshed, as autovacuum would soon do.</summary>
    protected override Task SettleAsync(DbConnection connection, CancellationToken ct) => ExecuteAsync(connection, "ANALYZE", ct);

    private static string NameOf(string connectionString) =>
        (string)new DbConnectionStringBuilder { ConnectionString = connectionString }["Database"];

    private string BaseName() => NameOf(connection);

    /// <summary>
    /// Runs a statement on the server's maintenance database (<c>postgres</c>), with nobody connected to the dataset:
    /// the database the connection names is only what the datasets are named after, and need not exist.
    /// </summary>
    private async Task OnServerAsync(string sql, CancellationToken ct)
    {
        var maintenance = new DbConnectionStringBuilder { ConnectionString = connection };
        maintenance["Database"] = "postgres";
        await using var data = Connect(maintenance.ConnectionString);
        await using var db = await data.Contexts.CreateDbContextAsync(ct);
        var server = db.Database.GetDbConnection();
        ClearPools(server);
        await server.OpenAsync(ct);
        await ExecuteAsync(server, sql, ct);
    }
}

/// <summary>A mistake in how the bench was called: printed with the usage, nothing is run.</summary>
public sealed class BenchUsageException(string message) : Exception(message);
