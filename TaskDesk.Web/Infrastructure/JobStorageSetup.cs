using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Microsoft.Data.SqlClient;
using TaskDesk.Data;

namespace TaskDesk.Web.Infrastructure;

/// <summary>
/// Where Hangfire keeps its jobs: in memory with the embedded SQLite default (tickets and outbox rows without a job are
/// queued again at start-up and by the sweep), and in the same server database otherwise, in its own schema, so jobs
/// survive restarts and every TaskDesk process works the same queues.
/// </summary>
public static class JobStorageSetup
{
    public const string Schema = "hangfire";

    /// <summary>
    /// The storage is this app's own service rather than Hangfire's process-wide JobStorage.Current, so two apps in one
    /// process (the tests) never share or dispose each other's queues.
    /// </summary>
    public static IServiceCollection AddTaskDeskJobStorage(this IServiceCollection services, DatabaseProvider provider, string connectionString) =>
        services.AddSingleton<JobStorage>(_ => provider switch
        {
            DatabaseProvider.SqlServer => new SqlServerStorage(
                () => new SqlConnection(connectionString),
                new SqlServerStorageOptions { SchemaName = Schema, PrepareSchemaIfNecessary = true }),
            DatabaseProvider.PostgreSql => PostgreSql(connectionString),
            _ => new InMemoryStorage(),
        });

    private static PostgreSqlStorage PostgreSql(string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = true,

            // LISTEN/NOTIFY wakes a worker in any process as soon as a job is queued; the poll only backs it up.
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),

            // A job taken by a process that died is given to another after minutes, not Hangfire's default half hour.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
