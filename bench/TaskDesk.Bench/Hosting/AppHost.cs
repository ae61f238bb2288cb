using System.Diagnostics;
using System.Reflection;
using Hangfire;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;

namespace TaskDesk.Bench.Hosting;

/// <summary>
/// TaskDesk.Web as production runs it: its own entry point (Program.cs, unchanged) runs in this process on a thread of
/// its own, on real Kestrel, and the bench takes the services it built. The host is caught the way
/// WebApplicationFactory and <c>dotnet ef</c> catch it: the hosting DiagnosticListener announces the builder before
/// it builds (so services can be adjusted) and the host once built.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    private static readonly AsyncLocal<AppHost?> Starting = new();

    private readonly TaskCompletionSource<IHost> _built = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly AppHostSettings _settings;
    private IHost? _host;

    private AppHost(AppHostSettings settings)
    {
        _settings = settings;
    }

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Url { get; private set; } = "";

    public static async Task<AppHost> StartAsync(AppHostSettings settings, CancellationToken ct = default)
    {
        var app = new AppHost(settings);
        await app.RunUntilStartedAsync(ct);
        return app;
    }

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            _host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        }

        await _stopped.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // Pooled SQLite handles keep the file open; the bench copies and deletes database files between scenarios.
        SqliteConnection.ClearAllPools();
    }

    private async Task RunUntilStartedAsync(CancellationToken ct)
    {
        var entryPoint = typeof(Program).Assembly.EntryPoint
            ?? throw new InvalidOperationException("TaskDesk.Web has no entry point.");
        using var subscription = DiagnosticListener.AllListeners.Subscribe(new HostingObserver(this));

        var thread = new Thread(() => Run(entryPoint)) { IsBackground = true, Name = "TaskDesk.Web" };
        Starting.Value = this;
        try
        {
            thread.Start();
        }
        finally
        {
            Starting.Value = null;
        }

        _host = await _built.Task.WaitAsync(TimeSpan.FromMinutes(2), ct);
        var lifetime = _host.Services.GetRequiredService<IHostApplicationLifetime>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            // Program.cs prepares the database (migrations, first administrator) before it starts listening.
            var first = await Task.WhenAny(started.Task, _stopped.Task).WaitAsync(TimeSpan.FromMinutes(5), ct);
            await first;
            if (first == _stopped.Task)
            {
                throw new InvalidOperationException("TaskDesk.Web stopped before it started listening.");
            }
        }

        var addresses = _host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        Url = addresses?.FirstOrDefault()?.TrimEnd('/') ?? "";
    }

    private void Run(MethodInfo entryPoint)
    {
        try
        {
            var parameters = entryPoint.GetParameters().Length == 0 ? null : new object[] { _settings.Arguments() };
            var result = entryPoint.Invoke(null, parameters);
            if (result is Task task)
            {
                task.GetAwaiter().GetResult();
            }

            _built.TrySetException(new InvalidOperationException("TaskDesk.Web's entry point returned without building a host."));
            _stopped.TrySetResult();
        }
        catch (Exception error)
        {
            var cause = error is TargetInvocationException { InnerException: { } inner } ? inner : error;
            _built.TrySetException(cause);
            _stopped.TrySetException(cause);
        }
    }

    private void Configure(IHostBuilder builder)
    {
        builder.ConfigureServices((context, services) =>
        {
            if (!_settings.RunBackgroundJobs)
            {
                // The bench calls the services itself (as the jobs would); a Hangfire server would run each intake twice.
                foreach (var descriptor in services.Where(IsHangfireServer).ToList())
                {
                    services.Remove(descriptor);
                }
            }

            if (_settings.ServeStaticWebAssets)
            {
                // A build output has no wwwroot of its own: read the static web assets (the app's and MudBlazor's)
                // from where the build put them, as Development does by default.
                var environment = (IWebHostEnvironment)services.Single(d => d.ServiceType == typeof(IWebHostEnvironment)).ImplementationInstance!;
                Microsoft.AspNetCore.Hosting.StaticWebAssets.StaticWebAssetsLoader.UseStaticWebAssets(environment, context.Configuration);
            }

            _settings.ConfigureServices?.Invoke(services);
        });
    }

    private static bool IsHangfireServer(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IHostedService)
        && (descriptor.ImplementationType == typeof(BackgroundJobServerHostedService)
            || descriptor.ImplementationFactory?.Method.ReturnType == typeof(BackgroundJobServerHostedService));

    /// <summary>Watches every DiagnosticListener for the hosting one, and acts only on the host this instance is starting.</summary>
    private sealed class HostingObserver(AppHost owner) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == "Microsoft.Extensions.Hosting")
            {
                listener.Subscribe(this);
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            // Other hosts may be built in this process at the same moment (the test suite): only ours flows Starting.
            if (Starting.Value != owner)
            {
                return;
            }

            switch (value.Key)
            {
                case "HostBuilding" when value.Value is IHostBuilder builder:
                    owner.Configure(builder);
                    break;
                case "HostBuilt" when value.Value is IHost host:
                    owner._built.TrySetResult(host);
                    break;
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}

/// <summary>How the bench starts TaskDesk.Web: its configuration (as command-line arguments, which win over appsettings.json) and what to leave out.</summary>
public sealed record AppHostSettings(string Provider, string ConnectionString, string WorkFolder)
{
    /// <summary>Hangfire's server (intake, scans, email). Off for the service scenarios, which call the services themselves.</summary>
    public bool RunBackgroundJobs { get; init; }

    public bool ServeStaticWebAssets { get; init; }

    public string Environment { get; init; } = "Production";

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public string[] Arguments()
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            // The entry assembly is the bench; the app's static web assets and user secrets are TaskDesk.Web's.
            ["applicationName"] = typeof(Program).Assembly.GetName().Name!,
            ["environment"] = Environment,
            ["urls"] = "http://127.0.0.1:0",
            ["hostBuilder:reloadConfigOnChange"] = "false",
            ["TaskDesk:Database:Provider"] = Provider,
            ["TaskDesk:Database:ConnectionString"] = ConnectionString,
            ["TaskDesk:SeedDemoData"] = "false",
            ["TaskDesk:Bootstrap:AdminEmail"] = "",
            ["TaskDesk:Bootstrap:AdminPassword"] = "",
            ["TaskDesk:Email:PickupFolder"] = Path.Combine(WorkFolder, "mail"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",

            // Standard output carries the bench's table (and the serve command's answers); the app's log goes to standard error.
            ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        return settings.Select(s => $"--{s.Key}={s.Value}").ToArray();
    }
}
