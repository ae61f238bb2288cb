using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace TaskDesk.Data;

/// <summary>What a provider's errors mean, for code that must react to them the same way on every database.</summary>
public static class DatabaseFailures
{
    /// <summary>
    /// The database gave up on this transaction because of another one, and running it again is the answer: a deadlock
    /// victim or a serialization failure on the server databases, a busy or locked file on SQLite.
    /// </summary>
    public static bool IsTransientConflict(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            var transient = e switch
            {
                PostgresException postgres => postgres.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure,
                SqlException sqlServer => sqlServer.Number is 1205,
                SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
                _ => false,
            };
            if (transient)
            {
                return true;
            }
        }

        return false;
    }
}
