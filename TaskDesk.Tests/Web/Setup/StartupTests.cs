using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskDesk.Domain.Workflows;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Setup;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Tests.Web.Setup;

[Trait("Category", TestPostgres.Integration)]
public sealed class StartupTests
{
    [Fact]
    public async Task FirstStart_CreatesTheDatabaseFileByMigrations()
    {
        using var app = new TaskDeskApp(emptyDatabase: true);
        _ = app.Server;

        await using var db = app.CreateDbContext();
        Assert.True(TaskDeskApp.OnPostgres || File.Exists(app.DatabasePath), "the SQLite file is created where the settings say");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task DemoData_SeedsRolesUsersAndTheInitializedSeedWorkflow_AndARestartAddsNothing()
    {
        var folder = Directory.CreateTempSubdirectory("taskdesk-demo-").FullName;
        try
        {
            using (var first = new TaskDeskApp(seedDemoData: true, databaseFolder: folder, bootstrapAdmin: false))
            {
                var admin = await first.ClientForAsync("admin@taskdesk.local", DemoData.Password);
                var agent = await first.ClientForAsync("ava.agent@taskdesk.local", DemoData.Password);
                Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/workflows")).StatusCode);

                var workflows = (await Json.ReadAsync(await admin.GetAsync("/api/workflows"))).AsArray();
                var workflow = Assert.Single(workflows)!;
                Assert.Equal("IT Support Request", (string)workflow["name"]!);
                Assert.Equal("initialized", (string)workflow["status"]!);
                Assert.Equal(1, (int)workflow["active_version"]!);

                var definition = (await Json.ReadAsync(await admin.GetAsync($"/api/workflows/{(int)workflow["workflow_id"]!}/versions/1")))["definition"]!;
                var resolution = definition["nodes"]!.AsArray().Single(n => (string)n!["name"]! == "Resolution")!;
                Assert.Equal("IT Technician", (string)resolution["role_name"]!);
                Assert.Equal("Manager", (string)resolution["escalate_to_name"]!);
                Assert.Equal(0.6m, (decimal)resolution["weight"]!);

                var roles = (await Json.ReadAsync(await admin.GetAsync("/api/roles"))).AsArray();
                Assert.Equal(["Agent", "IT Technician", "Manager", "Ticket Coordinator"], roles.Select(r => (string)r!["name"]!));
                Assert.All(roles, r => Assert.True(r!["members"]!.AsArray().Count >= 2));
            }

            using var second = new TaskDeskApp(seedDemoData: true, databaseFolder: folder, bootstrapAdmin: false);
            _ = second.Server;
            await using var db = second.CreateDbContext();
            Assert.Equal(1, await db.Workflows.CountAsync());
            Assert.Equal(DemoData.Accounts.Count, await db.Users.CountAsync());
            Assert.Equal(1, await db.WorkflowVersions.CountAsync());
            Assert.Equal(WorkflowStatus.Initialized, (await db.Workflows.SingleAsync()).Status);
        }
        finally
        {
            TaskDeskApp.DeleteDatabaseFolder(folder);
        }
    }

    [Fact]
    public async Task DemoDataLeftOnOutsideDevelopment_IsNotSeeded_AndTheConfiguredAdministratorIsCreated()
    {
        using var app = new TaskDeskApp(seedDemoData: true, bootstrapAdmin: true) { Environment = "Production" };

        var admin = await app.AdminClientAsync();
        var demo = await app.CreateClient().PostAsync("/api/auth/login", Json.Body($$"""{"email": "admin@taskdesk.local", "password": "{{DemoData.Password}}"}"""));

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
        Assert.Contains("only created in the Development environment; this one is Production", app.Log.Text, StringComparison.Ordinal);
        await using var db = app.CreateDbContext();
        Assert.Equal(0, await db.Workflows.CountAsync());
    }

    [Fact]
    public async Task Bootstrap_BesideTheDemoAccounts_CreatesTheConfiguredAdministratorToo()
    {
        using var app = new TaskDeskApp(seedDemoData: true, bootstrapAdmin: true);

        var admin = await app.AdminClientAsync();

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/roles")).StatusCode);
    }

    [Fact]
    public async Task Bootstrap_CreatesTheFirstAdministratorOnAnEmptyDatabase()
    {
        using var app = new TaskDeskApp(bootstrapAdmin: true);

        var admin = await app.AdminClientAsync();

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/roles")).StatusCode);
    }

    [Fact]
    public async Task WithoutDemoDataOrBootstrap_StartsAndLogsHowToCreateTheFirstAdministrator()
    {
        var logs = new CollectingLoggerProvider();
        using var app = new TaskDeskApp(bootstrapAdmin: false).WithWebHostBuilder(web => web.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(logs)));

        var response = await app.CreateClient().GetAsync("/sign-in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(logs.Messages, m => m.Contains("TaskDesk__Bootstrap__AdminEmail", StringComparison.Ordinal) && m.Contains("No administrator exists yet", StringComparison.Ordinal));
        await using var db = app.Services.GetRequiredService<IDbContextFactory<TaskDesk.Data.TaskDeskDbContext>>().CreateDbContext();
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public void RepositorySettings_FromTheWebProjectFolder_IsTheRepositoryRoot()
    {
        var webProject = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "TaskDesk.Web"));

        var folder = RepositorySettings.LocateFolder(webProject);

        Assert.True(File.Exists(Path.Combine(folder, "TaskDesk.sln")));
        Assert.True(File.Exists(Path.Combine(folder, "appsettings.json")));
    }

    [Fact]
    public void SqliteConnectionString_WithARelativeFile_IsTakenFromTheSettingsFolder()
    {
        var resolved = StartupDatabase.ResolveSqliteConnectionString("Data Source=data/taskdesk.db", "/srv/taskdesk");

        Assert.Contains("Data Source=/srv/taskdesk/data/taskdesk.db", resolved, StringComparison.Ordinal);
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(Messages);

        public void Dispose()
        {
        }

        private sealed class Collector(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
