using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
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
}
