using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Web.Features.Users;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>
/// The real TaskDesk app over the real HTTP pipeline, on its own SQLite file in a fresh temporary folder,
/// migrated at start-up exactly as on a user's machine. Dispose deletes the folder.
/// When <see cref="TestPostgres.Variable"/> names a PostgreSQL server, the app runs on a fresh database of its own
/// there instead (Hangfire's jobs included), named after the folder and dropped with it, and migrated already unless
/// the test asks for an empty one.
/// </summary>
public class TaskDeskApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "root@tests.local";
    public const string Password = "Test-pass-1";

    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="emptyDatabase">
    /// On PostgreSQL, start on an empty database so that start-up migrates it (as on SQLite, whose file is always new);
    /// otherwise the database is a copy of one migrated already (<see cref="TestPostgres.CreateMigratedDatabaseIfMissing"/>).
    /// </param>
    public TaskDeskApp(bool seedDemoData = false, string? databaseFolder = null, bool bootstrapAdmin = true, bool emptyDatabase = false)
    {
        Folder = databaseFolder ?? Directory.CreateTempSubdirectory("taskdesk-test-").FullName;
        OwnsFolder = databaseFolder is null;
        // Hundreds of app instances in one test run would each hold file watchers, past the machine's inotify limit.
        _settings["hostBuilder:reloadConfigOnChange"] = "false";
        _settings["TaskDesk:Database:Provider"] = "Sqlite";
        _settings["TaskDesk:Database:ConnectionString"] = $"Data Source={DatabasePath}";
        if (TestPostgres.Server is { } server)
        {
            if (emptyDatabase)
            {
                TestPostgres.CreateDatabaseIfMissing(server, TestPostgres.DatabaseNameFor(Folder));
            }
            else
            {
                TestPostgres.CreateMigratedDatabaseIfMissing(server, TestPostgres.DatabaseNameFor(Folder));
            }

            _settings["TaskDesk:Database:Provider"] = "PostgreSql";
            _settings["TaskDesk:Database:ConnectionString"] = TestPostgres.ConnectionString(server, TestPostgres.DatabaseNameFor(Folder));
        }

        _settings["TaskDesk:SeedDemoData"] = seedDemoData ? "true" : "false";
        _settings["TaskDesk:Bootstrap:AdminEmail"] = bootstrapAdmin ? AdminEmail : "";
        _settings["TaskDesk:Bootstrap:AdminPassword"] = bootstrapAdmin ? Password : "";

        // Without an SMTP host emails are .eml files: keep them in the test's folder, not the repository's data/mail.
        _settings["TaskDesk:Email:PickupFolder"] = MailFolder;
    }

    public string Folder { get; }

    /// <summary>The hosting environment the app runs in: Development unless a test says otherwise.</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>A clock the test moves; the app's real clock when not set.</summary>
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider? Clock { get; init; }

    /// <summary>Changes to the app's services before it starts (e.g. an interceptor on its database commands).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>The app's warnings and errors so far.</summary>
    public CapturedLog Log { get; } = new();

    public string DatabasePath => Path.Combine(Folder, "taskdesk.db");

    /// <summary>True when the app runs on the PostgreSQL server of <see cref="TestPostgres.Variable"/> rather than a SQLite file.</summary>
    public static bool OnPostgres => TestPostgres.Server is not null;

    /// <summary>Where the embedded default writes emails as .eml files.</summary>
    public string MailFolder => Path.Combine(Folder, "mail");

    private bool OwnsFolder { get; }

    /// <summary>Sets a configuration value (e.g. <c>TaskDesk:Smtp:Host</c>); only before the app starts.</summary>
    public TaskDeskApp WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public TaskDeskDbContext CreateDbContext() => Service<IDbContextFactory<TaskDeskDbContext>>().CreateDbContext();

    /// <summary>A client that presents a bearer token from <c>/api/auth/login</c>, as an API client would.</summary>
    public async Task<HttpClient> ClientForAsync(string email, string password = Password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.access_token);
        return client;
    }

    public Task<HttpClient> AdminClientAsync() => ClientForAsync(AdminEmail);

    public async Task<int> CreateUserAsync(string email, bool isAdministrator = false)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await UserService.CreateUserAsync(users, new NewUser(email, email.Split('@')[0], Password, isAdministrator), DateTimeOffset.UtcNow);
        return user.Id;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Log));
        if (Clock is not null)
        {
            // Sign-in tokens follow the moved clock too; let them outlive the hours a test moves it.
            builder.ConfigureServices(services => services
                .AddSingleton<TimeProvider>(Clock)
                .Configure<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions>(
                    Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme, bearer => bearer.BearerTokenExpiration = TimeSpan.FromDays(30)));
        }

        if (ConfigureServices is not null)
        {
            builder.ConfigureServices(ConfigureServices);
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Deletes a folder given to apps as <c>databaseFolder</c>, with the database that goes with it.</summary>
    public static void DeleteDatabaseFolder(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (TestPostgres.Server is { } server)
        {
            TestPostgres.DropDatabase(server, TestPostgres.DatabaseNameFor(folder));
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temporary folder behind.
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && OwnsFolder)
        {
            DeleteDatabaseFolder(Folder);
        }
    }

#pragma warning disable IDE1006, SA1300 // mirrors Identity's JSON
    private sealed record TokenResponse(string access_token);
#pragma warning restore IDE1006, SA1300
}
