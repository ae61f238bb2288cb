using Microsoft.Data.Sqlite;
using TaskDesk.Data.Sqlite;

namespace TaskDesk.Tests.Data;

/// <summary>
/// The writer wait that replaces SQLite's sleeping busy handler: a second writer goes on once the first commits, gives up
/// after the connection's timeout, and SQLite's automatic checkpoint (which the commit hook replaces) still happens.
/// </summary>
public sealed class SqliteWriterWaitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("taskdesk-writer-wait-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ASecondWriter_WaitsForTheFirstToCommit_ThenWrites()
    {
        var connectionString = ConnectionString("wait.db", timeoutSeconds: 30);
        using var first = Open(connectionString);
        Execute(first, "CREATE TABLE T (Id INTEGER PRIMARY KEY, Writer TEXT NOT NULL); BEGIN IMMEDIATE; INSERT INTO T VALUES (1, 'first');");
        using var second = Open(connectionString);

        var secondWrite = Task.Run(() =>
        {
            Execute(second, "BEGIN IMMEDIATE; INSERT INTO T VALUES (2, 'second'); COMMIT;");
            return Count(second);
        });
        await Task.Delay(200);
        Assert.False(secondWrite.IsCompleted, "The second writer did not wait for the first one's lock.");
        var rowsWhenFirstCommits = Count(first);
        Execute(first, "COMMIT;");

        var rowsSecondSaw = await secondWrite.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(1, rowsWhenFirstCommits);
        Assert.Equal(2, rowsSecondSaw);
    }

    [Fact]
    public async Task AWriterThatCannotGetTheLock_GivesUpAfterTheConnectionsTimeout()
    {
        var connectionString = ConnectionString("busy.db", timeoutSeconds: 1);
        using var first = Open(connectionString);
        Execute(first, "CREATE TABLE T (Id INTEGER PRIMARY KEY); BEGIN IMMEDIATE; INSERT INTO T VALUES (1);");
        using var second = Open(connectionString);

        // Waiting for ever would end this test at the WaitAsync instead, with a timeout rather than SQLite's busy error.
        var refused = await Assert.ThrowsAsync<SqliteException>(() =>
            Task.Run(() => Execute(second, "BEGIN IMMEDIATE;")).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(5, refused.SqliteErrorCode); // SQLITE_BUSY
        Execute(first, "COMMIT;");
        Execute(second, "BEGIN IMMEDIATE; INSERT INTO T VALUES (2); COMMIT;");
        Assert.Equal(2, Count(second));
    }

    [Fact]
    public void CommitsPastAThousandPages_AreStillCheckpointed_SoTheWriteAheadLogStopsGrowing()
    {
        var file = Path.Combine(_folder, "checkpoint.db");
        using var connection = Open($"Data Source={file};Pooling=false");
        Execute(connection, "CREATE TABLE T (Id INTEGER PRIMARY KEY, Body BLOB NOT NULL);");

        // 300 commits of about 10 pages (of 4 KiB, SQLite's default) each: 3,000 pages, 12 MB, if nothing were checkpointed.
        for (var i = 0; i < 300; i++)
        {
            Execute(connection, "INSERT INTO T (Body) VALUES (randomblob(40000));");
        }

        var walBytes = new FileInfo(file + "-wal").Length;
        Assert.True(walBytes < 6 * 1024 * 1024, $"The WAL grew to {walBytes:N0} bytes: nothing checkpointed it.");
        Assert.Equal(300, Count(connection));
    }

    [Fact]
    public void AWriteAheadLogThatGrewWhileAReaderHeldItBack_IsCutBack_OnceItStartsAgain()
    {
        var file = Path.Combine(_folder, "limit.db");
        using var writer = Open($"Data Source={file};Pooling=false");
        Execute(writer, "CREATE TABLE T (Id INTEGER PRIMARY KEY, Body BLOB NOT NULL);");
        using var reader = Open($"Data Source={file};Pooling=false");
        Execute(reader, "BEGIN; SELECT COUNT(*) FROM T;");

        // The reader's snapshot keeps every frame in the WAL: 600 commits of about 10 pages, some 24 MB.
        for (var i = 0; i < 600; i++)
        {
            Execute(writer, "INSERT INTO T (Body) VALUES (randomblob(40000));");
        }

        var grown = new FileInfo(file + "-wal").Length;
        Assert.True(grown > SqliteConnectionSettings.WalSizeLimitBytes, $"The WAL only grew to {grown:N0} bytes; the test needs it past the limit.");

        // Once the reader lets go, a commit checkpoints every frame and the next write starts the WAL again.
        Execute(reader, "COMMIT;");
        Execute(writer, "INSERT INTO T (Body) VALUES (randomblob(40000));");
        Execute(writer, "INSERT INTO T (Body) VALUES (randomblob(40000));");

        var after = new FileInfo(file + "-wal").Length;
        Assert.True(after <= SqliteConnectionSettings.WalSizeLimitBytes, $"The WAL stayed at {after:N0} bytes after it started again (it had grown to {grown:N0}).");
        Assert.Equal(602, Count(writer));
    }

    private string ConnectionString(string name, int timeoutSeconds) =>
        $"Data Source={Path.Combine(_folder, name)};Pooling=false;Default Timeout={timeoutSeconds}";

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        SqliteConnectionSettings.Apply(connection);
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Count(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM T;";
        return (long)command.ExecuteScalar()!;
    }
}
