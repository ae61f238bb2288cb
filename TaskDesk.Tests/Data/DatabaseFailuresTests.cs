using Microsoft.Data.Sqlite;
using Npgsql;
using TaskDesk.Data;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Data;

/// <summary>Real errors from real databases, told apart: run again (a busy file, a deadlock) or not (a duplicate).</summary>
public sealed class DatabaseFailuresTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("taskdesk-failures-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Sqlite_ABusyFile_IsTransient_ADuplicateIsNot()
    {
        var connectionString = $"Data Source={Path.Combine(_folder, "busy.db")};Pooling=false;Default Timeout=1";
        using var writer = new SqliteConnection(connectionString);
        writer.Open();
        Execute(writer, "CREATE TABLE T (Id INTEGER PRIMARY KEY); INSERT INTO T VALUES (1); BEGIN IMMEDIATE; INSERT INTO T VALUES (2);");
        using var other = new SqliteConnection(connectionString);
        other.Open();

        var busy = Assert.Throws<SqliteException>(() => Execute(other, "BEGIN IMMEDIATE;"));
        var duplicate = Assert.Throws<SqliteException>(() => Execute(writer, "INSERT INTO T VALUES (1);"));

        Assert.True(DatabaseFailures.IsTransientConflict(busy));
        Assert.True(DatabaseFailures.IsTransientConflict(new InvalidOperationException("wrapped", busy)));
        Assert.False(DatabaseFailures.IsTransientConflict(duplicate));
    }

    [Fact]
    [Trait("Category", TestPostgres.RequiresServer)]
    public async Task PostgreSql_ADeadlockVictim_IsTransient_ADuplicateIsNot()
    {
        var server = TestPostgres.RequiredServer;
        var database = TestPostgres.DatabaseNameFor(_folder);
        TestPostgres.CreateDatabaseIfMissing(server, database);
        try
        {
            var connectionString = TestPostgres.ConnectionString(server, database);
            await using var first = await OpenAsync(connectionString);
            await using var second = await OpenAsync(connectionString);
            await ExecuteAsync(first, "CREATE TABLE t (id int PRIMARY KEY, n int); INSERT INTO t VALUES (1, 0), (2, 0);");
            await ExecuteAsync(first, "BEGIN; UPDATE t SET n = 1 WHERE id = 1;");
            await ExecuteAsync(second, "BEGIN; UPDATE t SET n = 1 WHERE id = 2;");

            // Each waits for the row the other holds; PostgreSQL ends one of them.
            var results = await Task.WhenAll(
                UpdateThenRollBackAsync(first, "UPDATE t SET n = 2 WHERE id = 2;"),
                UpdateThenRollBackAsync(second, "UPDATE t SET n = 2 WHERE id = 1;"));
            var victim = Assert.Single(results, r => r is not null)!;
            var duplicate = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(first, "INSERT INTO t VALUES (1, 0);"));

            Assert.True(DatabaseFailures.IsTransientConflict(victim), victim.Message);
            Assert.False(DatabaseFailures.IsTransientConflict(duplicate));
        }
        finally
        {
            TestPostgres.DropDatabase(server, database);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The statement's error, if any; the transaction is rolled back either way, which lets the other one go on.</summary>
    private static async Task<Exception?> UpdateThenRollBackAsync(NpgsqlConnection connection, string sql)
    {
        Exception? error = null;
        try
        {
            await ExecuteAsync(connection, sql);
        }
        catch (PostgresException failure)
        {
            error = failure;
        }

        await ExecuteAsync(connection, "ROLLBACK;");
        return error;
    }
}
