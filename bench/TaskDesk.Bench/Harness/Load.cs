using System.Collections.Concurrent;
using System.Diagnostics;

namespace TaskDesk.Bench.Harness;

/// <summary>Latencies of one kind of operation, in milliseconds; percentiles by nearest rank.</summary>
public sealed class Latencies
{
    private readonly double[] _sorted;

    public Latencies(IEnumerable<double> milliseconds)
    {
        _sorted = milliseconds.Order().ToArray();
    }

    public int Count => _sorted.Length;

    public double Mean => _sorted.Length == 0 ? 0 : _sorted.Average();

    public double Percentile(double p)
    {
        if (_sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }
}

/// <summary>What a timed run of operations gave: their wall time, each one's latency and the errors met.</summary>
public sealed record LoadResult(int Operations, TimeSpan Elapsed, Latencies Latencies, IReadOnlyList<Exception> Errors)
{
    /// <summary>Successful operations per second of wall time.</summary>
    public double PerSecond => Elapsed.TotalSeconds == 0 ? 0 : (Operations - Errors.Count) / Elapsed.TotalSeconds;

    /// <summary>SQLite's "database is locked" (SQLITE_BUSY) and "table is locked" (SQLITE_LOCKED), however wrapped.</summary>
    public int LockErrors => Errors.Count(IsLockError);

    public string ErrorSummary() =>
        string.Join("; ", Errors.GroupBy(e => Innermost(e).GetType().Name + ": " + FirstLine(Innermost(e).Message)).Select(g => $"{g.Count()}× {g.Key}"));

    private static bool IsLockError(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 } || e.Message.Contains("database is locked", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception error) => error.InnerException is { } inner ? Innermost(inner) : error;

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}

/// <summary>
/// Runs operations with a number of concurrent producers: each takes the next operation number until none is left,
/// so a slow producer never holds work back. A few untimed operations first warm the JIT and the caches.
/// </summary>
public static class Load
{
    /// <summary>Runs <paramref name="operations"/> numbered operations; each call gets its producer's number (for per-producer connections) and the operation's.</summary>
    public static async Task<LoadResult> RunAsync(int producers, int operations, Func<int, int, Task> operation, CancellationToken ct = default)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentBag<Exception>();
        var next = -1;
        var wall = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, producers).Select(producer => Task.Run(
            async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < operations && !ct.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        await operation(producer, index);
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        errors.Add(error);
                    }
                }
            },
            ct)).ToList();
        await Task.WhenAll(workers);
        wall.Stop();
        return new LoadResult(operations, wall.Elapsed, new Latencies(latencies), [.. errors]);
    }

    /// <summary>Runs the operations one after another, untimed (JIT, query caches, the database's page cache), in the rounds of <see cref="WarmUpInRoundsAsync"/>.</summary>
    public static Task WarmUpAsync(int operations, TimeSpan jitPause, Func<int, Task> operation, CancellationToken ct = default) =>
        WarmUpInRoundsAsync(operations, jitPause, async (from, count) =>
        {
            for (var i = from; i < from + count; i++)
            {
                await operation(i);
            }
        }, ct);

    /// <summary>How many rounds a warm-up runs, each followed by a pause for the JIT.</summary>
    public const int WarmUpRounds = 2;

    /// <summary>
    /// Warms up in <see cref="WarmUpRounds"/> rounds, each given its first operation's number and how many to run, with
    /// a pause after each: the JIT recompiles a method it saw called often enough with its optimizations, in the
    /// background, so without the pause the timed run would start on the first, unoptimized code.
    /// </summary>
    public static async Task WarmUpInRoundsAsync(int operations, TimeSpan jitPause, Func<int, int, Task> round, CancellationToken ct = default)
    {
        for (int r = 0, from = 0; r < WarmUpRounds; r++)
        {
            // Each round's share rounded up: the first rounds take the odd operations.
            var to = (operations * (r + 1) + WarmUpRounds - 1) / WarmUpRounds;
            await round(from, to - from);
            await Task.Delay(jitPause, ct);
            from = to;
        }
    }
}
