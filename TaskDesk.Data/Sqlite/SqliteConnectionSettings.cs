using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TaskDesk.Data.Sqlite;

/// <summary>
/// What SQLite keeps per connection rather than in the file, set on every connection TaskDesk opens (the file itself
/// is put in WAL mode at start-up):
/// <list type="bullet">
/// <item>the writer wait (<see cref="SqliteWriterWait"/>): a writer that finds another one at work waits inside SQLite
/// and tries again as soon as this process's writer commits. Without a busy handler Microsoft.Data.Sqlite retries on its
/// own and sleeps 150 ms between tries; with SQLite's own (<c>busy_timeout</c>) it sleeps up to 100 ms.</item>
/// <item><c>synchronous = NORMAL</c>: in WAL mode a commit no longer waits for the disk; the WAL is synced at each
/// checkpoint. A crash of the app loses nothing; a power cut or an OS crash can lose the last commits, never corrupt
/// the file. See docs/decisions/0014-benchmarks.md.</item>
/// <item><c>journal_size_limit</c> of <see cref="WalSizeLimitBytes"/>: the WAL is checkpointed at 1,000 pages (4 MB),
/// but it only starts again from its beginning when no reader holds an older snapshot; under a steady stream of
/// readers and writers it grows until the stream pauses (in the bench, 16 producers kept it at 60,000 pages, 240 MB,
/// on average over 3,000 commits). SQLite then reuses the file without shrinking it; with the limit, the first commit
/// after the WAL starts again cuts the file back.</item>
/// </list>
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    /// <summary>The size a WAL that grew past it is cut back to once it starts again (16 MiB: four times its usual top).</summary>
    public const long WalSizeLimitBytes = 16 * 1024 * 1024;

    /// <summary>No <c>busy_timeout</c>: it would replace the writer wait's busy handler.</summary>
    public static readonly string Pragmas = $"PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = {WalSizeLimitBytes};";

    /// <summary>
    /// What TaskDesk's start-up does to the file: WAL (readers and a writer at once; kept in the file), then fresh
    /// statistics for the query planner where they are missing or stale (bounded by SQLite's own analysis limit).
    /// Without statistics SQLite picks, e.g., the target-time index for "no warning time yet" and reads every open
    /// assignment on each SLA scan.
    /// </summary>
    public const string StartupPragmas = "PRAGMA journal_mode = WAL; PRAGMA optimize = 0x10002;";

    /// <summary>Refreshes the planner's statistics of tables that changed much since they were taken; usually does nothing.</summary>
    public const string MaintenancePragmas = "PRAGMA optimize;";

    public static SqliteConnectionSettings Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        SqliteWriterWait.Install((SqliteConnection)connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>For connections opened without EF Core.</summary>
    public static void Apply(DbConnection connection)
    {
        SqliteWriterWait.Install((SqliteConnection)connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
