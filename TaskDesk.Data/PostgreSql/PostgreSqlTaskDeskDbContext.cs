using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TaskDesk.Data.PostgreSql;

/// <summary>PostgreSQL, for several TaskDesk processes on one database. Its migrations live in Migrations/PostgreSql.</summary>
public sealed class PostgreSqlTaskDeskDbContext(DbContextOptions<PostgreSqlTaskDeskDbContext> options) : TaskDeskDbContext(options)
{
    /// <summary>"TASKDESK" in ASCII: the key of the session-level advisory lock that start-up work runs under.</summary>
    public const long StartupLockKey = 0x5441534B4445534B;

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgreSqlTaskDeskDbContext).Assembly.FullName).UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));

    public override async Task<IAsyncDisposable> LockForStartupAsync(CancellationToken ct = default)
    {
        // A session lock, held by this context's connection until released; a process that dies releases it with its connection.
        await Database.OpenConnectionAsync(ct);
        await Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({StartupLockKey})", ct);
        return new ReleaseOnDispose(async () =>
        {
            await Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({StartupLockKey})");
            await Database.CloseConnectionAsync();
        });
    }

    /// <summary>
    /// PostgreSQL gives every row version a transaction id, <c>xmin</c>, a system column no migration creates: it is the
    /// concurrency check, so any update of the row (also a set-based one) counts as a change.
    /// </summary>
    protected override void MapRevision(EntityTypeBuilder entity, string revisionProperty)
    {
        entity.Property(revisionProperty).IsConcurrencyToken(false);
        entity.Property<uint>("xmin").IsRowVersion();
    }
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlTaskDeskDbContext>
{
    // Adding a migration or scripting one never connects; the connection string only names the provider's dialect.
    public PostgreSqlTaskDeskDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlTaskDeskDbContext>();
        PostgreSqlTaskDeskDbContext.Configure(options, "Host=localhost;Database=taskdesk_design_time");
        return new PostgreSqlTaskDeskDbContext(options.Options);
    }
}
