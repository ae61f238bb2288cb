using System.Net;
using Npgsql;
using TaskDesk.Data.PostgreSql;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Setup;

/// <summary>Several processes starting on one PostgreSQL database take turns at start-up, however long a turn takes.</summary>
[Trait("Category", TestPostgres.RequiresServer)]
public sealed class StartupLockTests
{
    [Fact]
    public async Task AProcessStarting_WhileAnotherHoldsTheStartUpLockLongerThanACommandMayTake_WaitsItsTurn()
    {
        using var app = new TaskDeskApp();
        var connection = TestPostgres.ConnectionString(TestPostgres.RequiredServer, TestPostgres.DatabaseNameFor(app.Folder));
        app.WithSetting("TaskDesk:Database:ConnectionString", connection + ";Command Timeout=2");

        // Another process's start-up (a long migration, say) holds the lock for twice the commands' time limit.
        await using var other = new NpgsqlConnection(connection);
        await other.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgreSqlTaskDeskDbContext.StartupLockKey})", other))
        {
            await take.ExecuteNonQueryAsync();
        }

        var starting = Task.Run(() => app.Server);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(starting.IsCompleted, "start-up waits for the lock");
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgreSqlTaskDeskDbContext.StartupLockKey})", other))
        {
            await release.ExecuteNonQueryAsync();
        }

        await starting;
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/sign-in")).StatusCode);
    }
}
