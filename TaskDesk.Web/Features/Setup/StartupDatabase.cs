using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Web.Features.Users;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Setup;

/// <summary>Brings the database up to date on start-up, then makes sure someone can sign in.</summary>
public static class StartupDatabase
{
    /// <summary>How long start-up waits for another process's start-up, and how long one migration step may take.</summary>
    public static readonly TimeSpan StartupCommandTimeout = TimeSpan.FromMinutes(30);

    public static async Task PrepareAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var options = provider.GetRequiredService<IOptions<TaskDeskOptions>>().Value;
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupDatabase));

        var contexts = provider.GetRequiredService<IDbContextFactory<TaskDeskDbContext>>();

        // Several processes started at once (a scaled-out deployment restarting) do this one after another. Waiting for
        // the lock and migrating may take longer than a command's usual limit (30 s with Npgsql): the others waited
        // out a long migration (an index built on a big table) and crashed.
        await using var lockHolder = await contexts.CreateDbContextAsync(ct);
        lockHolder.Database.SetCommandTimeout(StartupCommandTimeout);
        await using var startupLock = await lockHolder.LockForStartupAsync(ct);

        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            db.Database.SetCommandTimeout(StartupCommandTimeout);
            await db.Database.MigrateAsync(ct);
            if (options.Database.Provider == DatabaseProvider.Sqlite)
            {
                // WAL lets readers and a writer work at once (the mode is stored in the file); the planner gets statistics.
                await db.Database.ExecuteSqlRawAsync(Data.Sqlite.SqliteConnectionSettings.StartupPragmas, ct);
            }
        }

        // A server database also keeps the jobs: their storage creates its tables (schema "hangfire") when first made.
        provider.GetRequiredService<JobStorage>();

        var users = provider.GetRequiredService<UserManager<AppUser>>();
        var roles = provider.GetRequiredService<RoleManager<IdentityRole<int>>>();
        if (!await roles.RoleExistsAsync(AppRoles.Administrator))
        {
            await roles.CreateAsync(new IdentityRole<int>(AppRoles.Administrator));
        }

        var clock = provider.GetRequiredService<TimeProvider>();

        // The demo accounts' password is published (README): a deployment (any environment but Development, which
        // `dotnet run` uses) shipped with the default setting would hand out an administrator to anyone who read it.
        var environment = provider.GetRequiredService<IHostEnvironment>();
        if (options.SeedDemoData && !environment.IsDevelopment())
        {
            logger.LogWarning(
                "TaskDesk:SeedDemoData is on, but demo data (accounts with a published password) is only created in the Development environment; "
                + "this one is {Environment}. Set TaskDesk:SeedDemoData to false, or run with ASPNETCORE_ENVIRONMENT=Development to try TaskDesk.",
                environment.EnvironmentName);
        }
        else if (options.SeedDemoData)
        {
            await provider.GetRequiredService<DemoData>().SeedAsync(ct);
            logger.LogInformation("Demo data is on. Sign in with any of these (password {Password}):{Accounts}", DemoData.Password, Environment.NewLine + DemoData.AccountList());
        }

        // The configured first administrator is created whenever that account is missing, also beside the demo's.
        var bootstrap = options.Bootstrap;
        if (!string.IsNullOrWhiteSpace(bootstrap.AdminEmail) && !string.IsNullOrEmpty(bootstrap.AdminPassword) && await users.FindByEmailAsync(bootstrap.AdminEmail.Trim()) is null)
        {
            var admin = await UserService.CreateUserAsync(users, new NewUser(bootstrap.AdminEmail, "Administrator", bootstrap.AdminPassword, IsAdministrator: true), clock.GetUtcNow());
            logger.LogInformation("Created the first administrator, {Email}, from TaskDesk:Bootstrap.", admin.Email);
        }
        else if ((await users.GetUsersInRoleAsync(AppRoles.Administrator)).Count == 0)
        {
            logger.LogWarning(
                "No administrator exists yet, so nobody can sign in. Set TaskDesk:Bootstrap:AdminEmail and TaskDesk:Bootstrap:AdminPassword "
                + "in appsettings.json (or the environment variables TaskDesk__Bootstrap__AdminEmail and TaskDesk__Bootstrap__AdminPassword) and restart; "
                + "or set TaskDesk:SeedDemoData to true to try TaskDesk with demo accounts.");
        }
    }

    /// <summary>A relative SQLite file is taken from the folder of appsettings.json, not from wherever the app was started.</summary>
    public static string ResolveSqliteConnectionString(string connectionString, string settingsFolder)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:"
            && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(settingsFolder, builder.DataSource));
        }

        return builder.ToString();
    }
}
