using System.Runtime.InteropServices;
using TaskDesk.Bench.Harness;
using TaskDesk.Bench.Hosting;

namespace TaskDesk.Bench;

public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["serve", .. var serve])
        {
            return await ServeCommand.RunAsync(serve);
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (BenchUsageException wrong)
        {
            await Console.Error.WriteLineAsync(wrong.Message + Environment.NewLine + Environment.NewLine + BenchOptions.Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        var progress = new Progress(Console.Error);
        var started = DateTimeOffset.UtcNow;
        BenchResult result;
        try
        {
            result = await new BenchRun(options, progress).RunAsync(stop.Token);
        }
        catch (BenchUsageException wrong)
        {
            await Console.Error.WriteLineAsync(wrong.Message);
            return 2;
        }

        Console.WriteLine();
        Console.WriteLine($"TaskDesk bench, {options.Mode}, seed {options.Seed}, {options.Provider}, {Environment.ProcessorCount} cores, {(DateTimeOffset.UtcNow - started).TotalMinutes:0.0} min");
        Console.WriteLine(result.Table.Render());
        if (options.JsonPath is { } json)
        {
            var run = new BenchRunInfo(
                started, (DateTimeOffset.UtcNow - started).TotalSeconds, options.Mode, options.Seed, options.Provider, Environment.MachineName,
                Environment.ProcessorCount, RuntimeInformation.FrameworkDescription, options.Scenarios);
            await result.Table.WriteJsonAsync(json, run);
            await Console.Error.WriteLineAsync($"Wrote {Path.GetFullPath(json)}");
        }

        return result.Failed.Count == 0 ? 0 : 1;
    }
}
