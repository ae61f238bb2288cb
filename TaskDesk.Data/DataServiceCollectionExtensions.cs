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
    /// and a scoped <see cref="TaskDeskDbContext"/> for ASP.NET Core Identity's stores.
    /// </summary>
    public static IServiceCollection AddTaskDeskData(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContextFactory<SqliteTaskDeskDbContext>(options => SqliteTaskDeskDbContext.Configure(options, connectionString));
                services.AddSingleton<IDbContextFactory<TaskDeskDbContext>, ProviderContextFactory<SqliteTaskDeskDbContext>>();
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContextFactory<SqlServerTaskDeskDbContext>(options => SqlServerTaskDeskDbContext.Configure(options, connectionString));
                services.AddSingleton<IDbContextFactory<TaskDeskDbContext>, ProviderContextFactory<SqlServerTaskDeskDbContext>>();
                break;
            case DatabaseProvider.PostgreSql:
                services.AddDbContextFactory<PostgreSqlTaskDeskDbContext>(options => PostgreSqlTaskDeskDbContext.Configure(options, connectionString));
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
