using System.Diagnostics;

namespace TaskDesk.Bench.Harness;

/// <summary>What the bench is doing, on standard error, so standard output holds only the table.</summary>
public sealed class Progress(TextWriter output)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public static Progress Silent { get; } = new(TextWriter.Null);

    public void Say(string message) => output.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {message}");

    /// <summary>Says what starts, and how long it took when it ends.</summary>
    public async Task<T> StepAsync<T>(string what, Func<Task<T>> step)
    {
        Say(what + " ...");
        var started = Stopwatch.GetTimestamp();
        var result = await step();
        Say($"{what}: {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        return result;
    }

    public Task StepAsync(string what, Func<Task> step) =>
        StepAsync(what, async () =>
        {
            await step();
            return true;
        });
}
