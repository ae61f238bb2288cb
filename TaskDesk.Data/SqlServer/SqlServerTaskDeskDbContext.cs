using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TaskDesk.Data.SqlServer;

/// <summary>Microsoft SQL Server, for several TaskDesk processes on one database. Its migrations live in Migrations/SqlServer.</summary>
public sealed class SqlServerTaskDeskDbContext(DbContextOptions<SqlServerTaskDeskDbContext> options) : TaskDeskDbContext(options)
{
    public const string RowVersionColumn = "RowVersion";

    private const string StartupLock = "TaskDesk:startup";

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString, sqlServer => sqlServer.MigrationsAssembly(typeof(SqlServerTaskDeskDbContext).Assembly.FullName));

    public override async Task<IAsyncDisposable> LockForStartupAsync(CancellationToken ct = default)
    {
        // A session-owned application lock, held by this context's connection until released (or the connection closes).
        await Database.OpenConnectionAsync(ct);
        await Database.ExecuteSqlRawAsync(
            $"""
            DECLARE @result int;
            EXEC @result = sp_getapplock @Resource = N'{StartupLock}', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = -1;
            IF @result < 0 THROW 50000, N'TaskDesk could not take its start-up lock.', 1;
            """,
            ct);
        return new ReleaseOnDispose(async () =>
        {
            await Database.ExecuteSqlRawAsync($"EXEC sp_releaseapplock @Resource = N'{StartupLock}', @LockOwner = N'Session';");
            await Database.CloseConnectionAsync();
        });
    }

    /// <summary>A <c>rowversion</c> column, which SQL Server changes on every update of the row, is the concurrency check.</summary>
    protected override void MapRevision(EntityTypeBuilder entity, string revisionProperty)
    {
        entity.Property(revisionProperty).IsConcurrencyToken(false);
        entity.Property<byte[]>(RowVersionColumn).IsRowVersion();
    }
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerTaskDeskDbContext>
{
    // Adding a migration or scripting one never connects; the connection string only names the provider's dialect.
    public SqlServerTaskDeskDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlServerTaskDeskDbContext>();
        SqlServerTaskDeskDbContext.Configure(options, "Server=localhost;Database=TaskDeskDesignTime;Integrated Security=true;TrustServerCertificate=true");
        return new SqlServerTaskDeskDbContext(options.Options);
    }
}
