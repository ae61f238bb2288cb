using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Roles;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Data;

/// <summary>
/// TaskDesk's store, with ASP.NET Core Identity. Each database provider has a derived context with its own
/// migrations (see <see cref="Sqlite.SqliteTaskDeskDbContext"/>); code everywhere else uses this type.
/// It also keeps ASP.NET Core's data-protection keys, so a cookie issued by one TaskDesk process is read by another.
/// </summary>
public abstract class TaskDeskDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, IdentityRole<int>, int>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Workflow> Workflows => Set<Workflow>();

    public DbSet<Step> Steps => Set<Step>();

    public DbSet<Transition> Transitions => Set<Transition>();

    public DbSet<WorkflowVersion> WorkflowVersions => Set<WorkflowVersion>();

    public DbSet<Role> WorkflowRoles => Set<Role>();

    public DbSet<RoleMember> RoleMembers => Set<RoleMember>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<WorkTask> Tasks => Set<WorkTask>();

    public DbSet<TaskItem> TaskItems => Set<TaskItem>();

    public DbSet<TaskItemHistoryEntry> TaskItemHistory => Set<TaskItemHistoryEntry>();

    public DbSet<TaskActivity> TaskActivities => Set<TaskActivity>();

    public DbSet<RoundRobinCursor> RoundRobinCursors => Set<RoundRobinCursor>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();

    public DbSet<EmailOptOut> EmailOptOuts => Set<EmailOptOut>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseVersionChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseVersionChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(TaskDeskDbContext).Assembly);

        var revisioned = builder.Model.GetEntityTypes()
            .Where(e => e.ClrType.Assembly == typeof(Workflow).Assembly)
            .SelectMany(e => e.GetDeclaredProperties().Where(p => p.IsConcurrencyToken).Select(p => (e.ClrType, p.Name)))
            .ToList();
        foreach (var (entity, revision) in revisioned)
        {
            MapRevision(builder.Entity(entity), revision);
        }
    }

    /// <summary>
    /// Holds a lock on the whole database until disposed, so the start-up work of several TaskDesk processes started at
    /// once (migrations, the first administrator, demo data, the job storage's tables) runs in one process at a time.
    /// SQLite needs none: its file serves one TaskDesk process.
    /// </summary>
    public virtual Task<IAsyncDisposable> LockForStartupAsync(CancellationToken ct = default) =>
        Task.FromResult<IAsyncDisposable>(new ReleaseOnDispose(() => ValueTask.CompletedTask));

    /// <summary>
    /// How the provider checks a revisioned entity (one whose configuration names its change counter, e.g.
    /// <c>Revision</c>, as concurrency token): an update of a row someone else changed since it was read fails with
    /// <see cref="DbUpdateConcurrencyException"/>. The default checks the counter itself, which works everywhere;
    /// server databases override this with the row version they keep anyway (rowversion, xmin) and keep the counter
    /// as plain data: the domain still bumps it and the API still shows it.
    /// </summary>
    protected virtual void MapRevision(EntityTypeBuilder entity, string revisionProperty)
    {
    }

    /// <summary>A version is a record of what tasks were started on: once written it is never altered or removed.</summary>
    private void RefuseVersionChanges()
    {
        var changed = ChangeTracker.Entries<WorkflowVersion>()
            .FirstOrDefault(e => e.State is EntityState.Modified or EntityState.Deleted);
        if (changed is not null)
        {
            throw new InvalidOperationException(
                $"Workflow version {changed.Entity.Number} of workflow {changed.Entity.WorkflowId} cannot be {(changed.State == EntityState.Deleted ? "deleted" : "changed")}: versions are immutable.");
        }
    }

    /// <summary>Runs a release action once, when disposed.</summary>
    protected sealed class ReleaseOnDispose(Func<ValueTask> release) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync() => Interlocked.Exchange(ref _released, 1) == 0 ? release() : ValueTask.CompletedTask;
    }
}
