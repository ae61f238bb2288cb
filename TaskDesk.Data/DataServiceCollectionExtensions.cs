using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TaskDesk.Data.Sqlite;

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
            default:
                throw new NotSupportedException(
                    $"TaskDesk:Database:Provider '{provider}' is not available in this version of TaskDesk; use '{DatabaseProvider.Sqlite}'.");
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
