using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;

namespace TaskDesk.Bench.Hosting;

/// <summary>
/// <c>TaskDesk.Bench serve</c>: the app alone in a process of its own, with everything production runs (Hangfire's
/// server included), so its memory can be read without the bench's and the browser driver's mixed in. It prints
/// <c>ready URL</c>, then answers <c>measure</c> on standard input with one JSON line (after a full, compacting
/// collection) and stops on <c>stop</c> or when its input closes.
/// </summary>
public static class ServeCommand
{
    public const string Ready = "ready ";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        string Option(string name) =>
            args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? throw new BenchUsageException($"serve needs {name}.");

        using var circuits = new CircuitGauge();
        var settings = new AppHostSettings(Option("--provider"), Option("--connection"), Option("--work"))
        {
            RunBackgroundJobs = true,
            ServeStaticWebAssets = true,
            Settings = new Dictionary<string, string>
            {
                // The data's due assignments are not what this process measures: the scan is left for another year.
                ["TaskDesk:Sla:ScanCron"] = "0 0 1 1 *",
            },
        };
        await using var app = await AppHost.StartAsync(settings);
        Console.WriteLine(Ready + app.Url);
        while (await Console.In.ReadLineAsync() is { } line && line != "stop")
        {
            if (line == "measure")
            {
                Console.WriteLine(JsonSerializer.Serialize(Measure(circuits)));
            }
        }

        return 0;
    }

    private static ServerMemory Measure(CircuitGauge circuits)
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        return new ServerMemory(GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64, process.PrivateMemorySize64, circuits.Active, circuits.Connected);
    }

    /// <summary>Blazor's own circuit counts (.NET 10's circuit metrics), to confirm the circuits the browsers opened are live.</summary>
    private sealed class CircuitGauge : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _active;
        private long _connected;

        public CircuitGauge()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Microsoft.AspNetCore.Components.Server.Circuits" && instrument.Name is ActiveName or ConnectedName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, delta, _, _) =>
            {
                if (instrument.Name == ActiveName)
                {
                    Interlocked.Add(ref _active, delta);
                }
                else
                {
                    Interlocked.Add(ref _connected, delta);
                }
            });
            _listener.Start();
        }

        private const string ActiveName = "aspnetcore.components.circuit.active";
        private const string ConnectedName = "aspnetcore.components.circuit.connected";

        public long Active => Interlocked.Read(ref _active);

        public long Connected => Interlocked.Read(ref _connected);

        public void Dispose() => _listener.Dispose();
    }
}

/// <summary>The server process's memory after a full collection, and its live circuits.</summary>
public sealed record ServerMemory(long GcHeapBytes, long WorkingSetBytes, long PrivateBytes, long ActiveCircuits, long ConnectedCircuits);
