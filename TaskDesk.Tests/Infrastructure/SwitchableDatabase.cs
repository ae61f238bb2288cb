using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>
/// The app's database for a service a test builds, or none at all while <see cref="Away"/>: every context it is asked
/// for fails, as when the database cannot be reached.
/// </summary>
public sealed class SwitchableDatabase : IDbContextFactory<TaskDeskDbContext>
{
    public IDbContextFactory<TaskDeskDbContext> Inner { get; set; } = null!;

    public bool Away { get; set; }

    public TaskDeskDbContext CreateDbContext() => Away ? throw new InvalidOperationException("The database is away.") : Inner.CreateDbContext();

    public Task<TaskDeskDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        Away ? throw new InvalidOperationException("The database is away.") : Inner.CreateDbContextAsync(cancellationToken);
}
