using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using TaskDesk.Bench.Data;
using TaskDesk.Bench.Harness;
using TaskDesk.Bench.Hosting;

namespace TaskDesk.Bench.Scenarios;

/// <summary>
/// Blazor Server circuits held open by real headless Chromium on one page (My Tasks by default), against the app on
/// Kestrel in a process of its own (<see cref="ServeCommand"/>): the server's memory after a full collection before
/// and after opening them gives the memory per circuit; then page interactions are timed in the browser while they
/// stay open. The interaction is the app bar's menu button, which every page has: the click goes over the circuit,
/// the server renders the layout again and the browser patches the drawer.
/// </summary>
public sealed class CircuitScenario(BenchContext bench, GeneratedWorld world)
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How many circuits share one browser context (one signed-in user), so Chromium need not start a renderer per circuit.</summary>
    private const int PagesPerContext = 10;

    private const string ToggleMenu = """
        async () => {
          const button = document.querySelector('button[aria-label="Menu"]');
          const drawer = document.querySelector('.mud-drawer');
          if (!button || !drawer) return -1;
          const before = drawer.className;
          const started = performance.now();
          return await new Promise(resolve => {
            const observer = new MutationObserver(() => {
              if (drawer.className !== before) { observer.disconnect(); resolve(performance.now() - started); }
            });
            observer.observe(drawer, { attributes: true, attributeFilter: ['class'] });
            button.click();
            setTimeout(() => { observer.disconnect(); resolve(-1); }, 15000);
          });
        }
        """;

    public async Task RunAsync(ResultTable table, string connectionString, CancellationToken ct = default)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The circuits scenario drives Debian's Chromium at {ChromiumPath}: install it (apt-get install chromium fonts-liberation), or leave the scenario out with --scenarios.");
        }

        var circuits = bench.Sizes.Circuits;
        await using var server = await ServerProcess.StartAsync(bench, connectionString, ct);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--process-per-site", "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
            ],
        });

        var users = world.WorkerIds.Take(Math.Max(1, (circuits + PagesPerContext - 1) / PagesPerContext)).ToList();
        var contexts = new List<IBrowserContext>();
        foreach (var user in users)
        {
            contexts.Add(await SignedInContextAsync(browser, server.Url, user));
        }

        var (path, fallback) = await PageAsync(contexts[0], server.Url);

        // Two circuits first, open through both measurements: what the first circuit costs once (code, caches) is not per circuit.
        var warm = new List<IPage>();
        for (var i = 0; i < 2; i++)
        {
            warm.Add(await OpenAsync(contexts[i % contexts.Count], server.Url, path));
        }

        foreach (var open in warm)
        {
            await InteractAsync(open);
        }

        var before = await server.MeasureAsync(ct);
        var opened = Stopwatch.StartNew();
        var pages = new IPage[circuits];
        using (var gate = new SemaphoreSlim(4))
        {
            await Task.WhenAll(Enumerable.Range(0, circuits).Select(async i =>
            {
                await gate.WaitAsync(ct);
                try
                {
                    pages[i] = await OpenAsync(contexts[i / PagesPerContext % contexts.Count], server.Url, path);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        bench.Progress.Say($"Opened {circuits} circuits on {path} in {opened.Elapsed.TotalSeconds:0.0} s");
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var after = await server.MeasureAsync(ct);

        var interactions = new List<double>();
        var failed = 0;
        for (var i = 0; i < bench.Sizes.Interactions; i++)
        {
            var elapsed = await InteractAsync(pages[i % circuits]);
            if (elapsed < 0)
            {
                failed++;
            }
            else
            {
                interactions.Add(elapsed);
            }
        }

        var latencies = new Latencies(interactions);
        var onPage = fallback ? $"{path} ({bench.Options.Page} answered 404)" : path;
        var live = $"server counts {after.ActiveCircuits} live circuits ({before.ActiveCircuits} before)";
        table.Add(new Figure("circuits", $"server GC heap with {circuits + warm.Count} circuits", after.GcHeapBytes / 1048576.0, "MiB")
            .Noting($"on {onPage}; {before.GcHeapBytes / 1048576.0:0.0} MiB with {warm.Count}; {live}"));
        table.Add(new Figure("circuits", "memory per circuit (GC heap)", (after.GcHeapBytes - before.GcHeapBytes) / 1024.0 / circuits, "KiB")
            .AtMost(512)
            .Noting("after a full compacting collection, before and after opening them"));
        table.Add(new Figure("circuits", "memory per circuit (working set)", (after.WorkingSetBytes - before.WorkingSetBytes) / 1024.0 / circuits, "KiB")
            .Noting($"working set {before.WorkingSetBytes / 1048576.0:0} → {after.WorkingSetBytes / 1048576.0:0} MiB"));
        table.Add(new Figure("circuits", $"interaction p95 with {circuits + warm.Count} circuits open", latencies.Percentile(95), "ms")
            .AtMost(200)
            .Noting($"{latencies.Count} clicks of the menu button, p50 {latencies.Percentile(50):0.0} ms" + (failed > 0 ? $"; {failed} got no answer within 15 s" : "")));

        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }
    }

    private static async Task<IBrowserContext> SignedInContextAsync(IBrowser browser, string url, int userId)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url });
        context.SetDefaultTimeout(60_000);
        var response = await context.APIRequest.PostAsync("/api/auth/login?useCookies=true", new APIRequestContextOptions
        {
            DataObject = new { email = GeneratedWorld.EmailOf(userId), password = GeneratedWorld.Password },
        });
        if (!response.Ok)
        {
            throw new InvalidOperationException($"Signing in {GeneratedWorld.EmailOf(userId)} failed: {response.Status} {await response.TextAsync()}");
        }

        return context;
    }

    /// <summary>The page asked for, or the home page while the asked-for one does not exist in this build.</summary>
    private async Task<(string Path, bool Fallback)> PageAsync(IBrowserContext context, string url)
    {
        var response = await context.APIRequest.GetAsync(url + bench.Options.Page);
        return response.Status == (int)HttpStatusCode.NotFound ? ("/", true) : (bench.Options.Page, false);
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context, string url, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url + path);
        await page.Locator("[data-testid=interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        if (new Uri(page.Url).AbsolutePath != path)
        {
            throw new InvalidOperationException($"Opening {path} ended on {page.Url}: the circuit is not on the page asked for.");
        }

        return page;
    }

    private static Task<double> InteractAsync(IPage page) => page.EvaluateAsync<double>(ToggleMenu);

    /// <summary>The serve command in a child process, talked to over its standard input and output.</summary>
    private sealed class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private ServerProcess(Process process, string url)
        {
            _process = process;
            Url = url;
        }

        public string Url { get; }

        public static async Task<ServerProcess> StartAsync(BenchContext bench, string connectionString, CancellationToken ct)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         "exec", typeof(BenchProgram).Assembly.Location, "serve", "--provider", bench.Server.Provider.ToString(),
                         "--connection", connectionString, "--work", bench.WorkFolder,
                     })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app's process.");
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { Length: > 0 } line && (line.Contains("fail", StringComparison.Ordinal) || line.Contains("crit", StringComparison.Ordinal)))
                {
                    bench.Progress.Say("  app: " + line);
                }
            };
            process.BeginErrorReadLine();
            while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith(ServeCommand.Ready, StringComparison.Ordinal))
                {
                    return new ServerProcess(process, line[ServeCommand.Ready.Length..].Trim());
                }
            }

            throw new InvalidOperationException($"The app's process ended before it was ready (exit code {(process.HasExited ? process.ExitCode : -1)}).");
        }

        public async Task<ServerMemory> MeasureAsync(CancellationToken ct)
        {
            await _process.StandardInput.WriteLineAsync("measure");
            await _process.StandardInput.FlushAsync(ct);
            while (await _process.StandardOutput.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith('{'))
                {
                    return JsonSerializer.Deserialize<ServerMemory>(line)!;
                }
            }

            throw new InvalidOperationException("The app's process ended while it was measured.");
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _process.StandardInput.WriteLineAsync("stop");
                _process.StandardInput.Close();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception error) when (error is IOException or TimeoutException or InvalidOperationException)
            {
                // It did not stop when asked: this process started it, so this process ends it.
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }
}
