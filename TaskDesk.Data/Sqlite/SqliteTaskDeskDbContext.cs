using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TaskDesk.Data.Sqlite;

/// <summary>The embedded default: a SQLite file. Its migrations live in Migrations/Sqlite.</summary>
public sealed class SqliteTaskDeskDbContext(DbContextOptions<SqliteTaskDeskDbContext> options) : TaskDeskDbContext(options)
{
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqliteTaskDeskDbContext).Assembly.FullName).UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .AddInterceptors(SqliteConnectionSettings.Instance);

    /// <summary>Creates the folder a SQLite file lives in, so a fresh clone needs nothing prepared by hand.</summary>
    public static void EnsureFolderExists(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // SQLite has no date type that EF Core can compare or sort in SQL; binary ticks keep UTC instants ordered.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTaskDeskDbContext>
{
    public SqliteTaskDeskDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteTaskDeskDbContext>();
        SqliteTaskDeskDbContext.Configure(options, "Data Source=design-time.db");
        return new SqliteTaskDeskDbContext(options.Options);
    }
}
