using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TaskDesk.Data.PostgreSql;
using TaskDesk.Data.Sqlite;
using TaskDesk.Data.SqlServer;

namespace TaskDesk.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDbContextFactory{TaskDeskDbContext}"/> for the chosen provider (one context per operation),
    /// and a scoped <see cref="TaskDeskDbContext"/> for ASP.NET Core Identity's stores. The contexts are pooled: intake
    /// and moves create a few per call, and a fresh one each time cost service resolution and allocations the profile
    /// showed (decision 0014); the contexts hold no state of their own, so a reset one is as good as new.
    /// </summary>
    public static IServiceCollection AddTaskDeskData(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddPooledDbContextFactory<SqliteTaskDeskDbContext>(options => SqliteTaskDeskDbContext.Configure(options, connectionString));
                services.AddSingleton<IDbContextFactory<TaskDeskDbContext>, ProviderContextFactory<SqliteTaskDeskDbContext>>();
                break;
            case DatabaseProvider.SqlServer:
                services.AddPooledDbContextFactory<SqlServerTaskDeskDbContext>(options => SqlServerTaskDeskDbContext.Configure(options, connectionString));
                services.AddSingleton<IDbContextFactory<TaskDeskDbContext>, ProviderContextFactory<SqlServerTaskDeskDbContext>>();
                break;
            case DatabaseProvider.PostgreSql:
                services.AddPooledDbContextFactory<PostgreSqlTaskDeskDbContext>(options => PostgreSqlTaskDeskDbContext.Configure(options, connectionString));
                services.AddSingleton<IDbContextFactory<TaskDeskDbContext>, ProviderContextFactory<PostgreSqlTaskDeskDbContext>>();
                break;
            default:
                throw new NotSupportedException(
                    $"TaskDesk:Database:Provider '{provider}' is not a database TaskDesk knows; use {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
        }

        services.AddScoped<TaskDeskDbContext>(sp => sp.GetRequiredService<IDbContextFactory<TaskDeskDbContext>>().CreateDbContext());
        return services;
    }

    private sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<TaskDeskDbContext>
        where TContext : TaskDeskDbContext
    {
        public TaskDeskDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
