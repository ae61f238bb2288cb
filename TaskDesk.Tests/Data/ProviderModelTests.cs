using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using TaskDesk.Data;
using TaskDesk.Data.SqlServer;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Tests.Data;

/// <summary>
/// Every provider's context, built as the app builds it (<see cref="DataServiceCollectionExtensions.AddTaskDeskData"/>);
/// none of these connect, so SQL Server, which cannot run here, is checked as far as it can be without a server.
/// </summary>
public sealed class ProviderModelTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.SqlServer, DatabaseProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public void Model_OfEveryProvider_HasNoChangesThatItsMigrationsDoNotCover(DatabaseProvider provider)
    {
        using var db = Context(provider);

        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} model changed without a migration: run scripts/add-migration.sh <Name>.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void SqlServer_MigrationsScript_IsGeneratedWithoutErrors()
    {
        using var db = Context(DatabaseProvider.SqlServer);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Tasks]", script, StringComparison.Ordinal);
        Assert.Contains($"[{SqlServerTaskDeskDbContext.RowVersionColumn}] rowversion", script, StringComparison.Ordinal);
        Assert.Contains("datetimeoffset", script, StringComparison.Ordinal);

        // Only one workflow takes a ticket kind; workflows not taking tickets (NULL) are not in each other's way.
        Assert.Contains("CREATE UNIQUE INDEX [IX_Workflows_ActiveMatchKey] ON [Workflows] ([ActiveMatchKey]) WHERE [ActiveMatchKey] IS NOT NULL", script, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSql_MigrationsScript_UsesTheSystemRowVersion_AndCreatesNoColumnForIt()
    {
        using var db = Context(DatabaseProvider.PostgreSql);

        var script = db.GetService<IMigrator>().GenerateScript();

        Assert.Contains("CREATE TABLE \"Tasks\"", script, StringComparison.Ordinal);
        Assert.Contains("timestamp with time zone", script, StringComparison.Ordinal);
        Assert.DoesNotContain("xmin", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Revision", "INTEGER")]
    [InlineData(DatabaseProvider.SqlServer, SqlServerTaskDeskDbContext.RowVersionColumn, "rowversion")]
    [InlineData(DatabaseProvider.PostgreSql, "xmin", "xid")]
    public void Revisioned_Entities_AreCheckedByTheProvidersOwnToken(DatabaseProvider provider, string token, string columnType)
    {
        using var db = Context(provider);

        foreach (var (entity, counter) in new[] { (typeof(Workflow), "Revision"), (typeof(WorkTask), "Revision"), (typeof(OutboxEmail), "Attempts") })
        {
            var type = db.Model.FindEntityType(entity)!;
            var check = Assert.Single(type.GetProperties(), p => p.IsConcurrencyToken);
            Assert.Equal(token == "Revision" ? counter : token, check.Name);
            Assert.Equal(columnType, check.GetColumnType());

            // The domain's counter stays, as data, wherever the check is: the API shows it and takes it back.
            Assert.NotNull(type.FindProperty(counter));
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "UPDATE \"RoundRobinCursors\" SET \"Counter\" = \"Counter\" + 1 WHERE \"RoleId\" = {0} RETURNING \"Counter\" - 1 AS \"Value\"")]
    [InlineData(DatabaseProvider.PostgreSql, "UPDATE \"RoundRobinCursors\" SET \"Counter\" = \"Counter\" + 1 WHERE \"RoleId\" = {0} RETURNING \"Counter\" - 1 AS \"Value\"")]
    [InlineData(DatabaseProvider.SqlServer, "UPDATE [RoundRobinCursors] SET [Counter] = [Counter] + 1 OUTPUT inserted.[Counter] - 1 AS [Value] WHERE [RoleId] = {0}")]
    public void RoundRobinTurn_IsOneStatementThatIncrementsAndReturnsTheTurnTaken_InTheProvidersDialect(DatabaseProvider provider, string expected)
    {
        using var db = Context(provider);

        // SQL Server cannot run here: its form is checked as text; the other two run in RoundRobinTurnsTests.
        Assert.Equal(expected, RoundRobinTurns.Statement(db));
    }

    private static TaskDeskDbContext Context(DatabaseProvider provider)
    {
        var connectionString = provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=unused.db",
            DatabaseProvider.SqlServer => "Server=unused;Database=TaskDesk;TrustServerCertificate=true",
            _ => "Host=unused;Database=taskdesk",
        };
        var services = new ServiceCollection().AddTaskDeskData(provider, connectionString).BuildServiceProvider();
        return services.GetRequiredService<IDbContextFactory<TaskDeskDbContext>>().CreateDbContext();
    }
}
