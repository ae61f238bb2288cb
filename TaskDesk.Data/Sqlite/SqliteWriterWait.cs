using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace TaskDesk.Data.Sqlite;

/// <summary>
/// How a TaskDesk connection waits for SQLite's one writer. SQLite's own busy handler (<c>busy_timeout</c>) sleeps 1, 2,
/// 5, 10 … then 100 ms between tries whatever happens meanwhile, so a burst of writers in one process spends most of its
/// time asleep while the lock is free: with 16 producers, intake's profile was mostly <c>BEGIN IMMEDIATE</c> waiting
/// (decision 0014). Here the longest-waiting connection wakes the moment another connection of this process commits —
/// SQLite's WAL hook runs right after a commit has released the write lock — and every waiter looks again within a few
/// milliseconds anyway, which is how a writer in another process, or a rollback, is noticed. The signal is the
/// process's, not a file's: a process with several database files (the tests) may wake a waiter of another file, whose
/// own waiter then looks again at its next poll. It gives up after the connection's
/// <see cref="SqliteConnection.DefaultTimeout"/> (30 s unless the connection string says otherwise), as
/// <c>busy_timeout</c> did.
/// </summary>
/// <remarks>
/// SQLitePCLRaw exposes neither <c>sqlite3_busy_handler</c> nor <c>sqlite3_wal_hook</c>, so they are called in the same
/// native library it loaded. Installing a WAL hook replaces SQLite's automatic checkpoint, which is itself a WAL hook:
/// the hook here checkpoints at the same 1,000 pages. Setting <c>PRAGMA busy_timeout</c> afterwards would replace the
/// handler, so TaskDesk no longer sets it.
/// </remarks>
public static class SqliteWriterWait
{
    /// <summary>SQLite's default <c>wal_autocheckpoint</c>.</summary>
    private const int CheckpointPages = 1000;

    /// <summary>The longest a waiter sleeps without news of a commit: the delay before it sees another process's.</summary>
    private const int LongestPollMilliseconds = 5;

    private const int SqliteOk = 0;

    private static readonly object Commits = new();

    // Native code calls these delegates for as long as connections live: static fields keep them from being collected.
    private static readonly BusyHandler OnBusy = Busy;
    private static readonly WalHook OnCommit = Committed;

    private static long _commitCount;
    private static int _waiting;

    [ThreadStatic]
    private static long _waitStarted;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BusyHandler(IntPtr timeoutMilliseconds, int tries);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int WalHook(IntPtr argument, IntPtr db, IntPtr databaseName, int pages);

    /// <summary>Installs the wait and the commit signal on an open connection; installing again changes nothing.</summary>
    public static void Install(SqliteConnection connection)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var timeout = (IntPtr)Math.Max(0, connection.DefaultTimeout * 1000L);
        var added = false;
        db.DangerousAddRef(ref added);
        try
        {
            var handle = db.DangerousGetHandle();
            var result = NativeMethods.sqlite3_busy_handler(handle, OnBusy, timeout);
            if (result != SqliteOk)
            {
                throw new InvalidOperationException($"SQLite refused the busy handler (error {result}).");
            }

            NativeMethods.sqlite3_wal_hook(handle, OnCommit, IntPtr.Zero);
        }
        finally
        {
            if (added)
            {
                db.DangerousRelease();
            }
        }
    }

    /// <summary>SQLite asks whether to try the lock again (non-zero) or give up with SQLITE_BUSY (zero).</summary>
    private static int Busy(IntPtr timeoutMilliseconds, int tries)
    {
        var now = Stopwatch.GetTimestamp();
        if (tries == 0)
        {
            _waitStarted = now;
        }
        else if (Stopwatch.GetElapsedTime(_waitStarted, now).TotalMilliseconds >= timeoutMilliseconds.ToInt64())
        {
            return 0;
        }

        var seen = Volatile.Read(ref _commitCount);
        lock (Commits)
        {
            // Counted with a full fence before the commit count is read again, so a commit either is seen here or sees
            // this waiter and pulses.
            Interlocked.Increment(ref _waiting);
            try
            {
                if (Volatile.Read(ref _commitCount) == seen)
                {
                    Monitor.Wait(Commits, Math.Min(tries + 1, LongestPollMilliseconds));
                }
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        return 1;
    }

    /// <summary>After a commit, with the write lock released: checkpoint as SQLite would, then wake the waiters.</summary>
    private static int Committed(IntPtr argument, IntPtr db, IntPtr databaseName, int pages)
    {
        if (pages >= CheckpointPages)
        {
            NativeMethods.sqlite3_wal_checkpoint(db, databaseName);
        }

        Interlocked.Increment(ref _commitCount);
        if (Volatile.Read(ref _waiting) > 0)
        {
            // One waiter, the longest waiting (a monitor's queue is first in, first out): waking them all made them race
            // for the lock and left the unlucky ones waiting longest (the 16-producer p95 doubled).
            lock (Commits)
            {
                Monitor.Pulse(Commits);
            }
        }

        return SqliteOk;
    }

    private static class NativeMethods
    {
        // The library SQLitePCLRaw's bundle loads for Microsoft.Data.Sqlite (same name, so the same loaded copy).
        private const string Library = "e_sqlite3";

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sqlite3_busy_handler(IntPtr db, BusyHandler handler, IntPtr argument);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr sqlite3_wal_hook(IntPtr db, WalHook hook, IntPtr argument);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sqlite3_wal_checkpoint(IntPtr db, IntPtr databaseName);
    }
}
