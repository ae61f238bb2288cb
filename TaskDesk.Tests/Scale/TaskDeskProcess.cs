using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TaskDesk.Tests.Scale;

/// <summary>
/// The real built app, <c>dotnet TaskDesk.Web.dll --urls http://127.0.0.1:port</c>, in a process of its own and configured
/// through environment variables as an operator would. Its console output is kept for the test to read.
/// </summary>
public sealed class TaskDeskProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private TaskDeskProcess(string name, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var dll = WebAppPath();
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, "--urls", BaseUrl })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string BaseUrl { get; }

    /// <summary>Everything the process wrote so far, line by line.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    public static TaskDeskProcess Start(string name, IReadOnlyDictionary<string, string> environment) => new(name, environment);

    public HttpClient Client(HttpMessageHandler? handler = null) =>
        new(handler ?? new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Waits until the app answers (start-up applied migrations and made the first administrator), or fails with its output.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = Client();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"TaskDesk process {Name} exited with {_process.ExitCode}:{Environment.NewLine}{Describe()}");
            }

            try
            {
                if ((await client.GetAsync("/sign-in")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"TaskDesk process {Name} did not answer at {BaseUrl}:{Environment.NewLine}{Describe()}");
            }

            await Task.Delay(250);
        }
    }

    public string Describe() => $"--- {Name} ({BaseUrl}) ---{Environment.NewLine}{string.Join(Environment.NewLine, Output.TakeLast(200))}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    /// <summary>The web project's own build output, of the configuration these tests were built in.</summary>
    private static string WebAppPath()
    {
        var testOutput = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repository = testOutput.Parent.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repository, "TaskDesk.Web", "bin", configuration, framework, "TaskDesk.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The built app is missing; build the solution first (dotnet build TaskDesk.sln).", dll);
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
