using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Data.Configurations;

internal sealed class WorkTaskConfiguration : IEntityTypeConfiguration<WorkTask>
{
    public void Configure(EntityTypeBuilder<WorkTask> builder)
    {
        builder.ToTable("Tasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Priority).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.CurrentStepName).HasMaxLength(200).IsRequired();
        builder.Property(t => t.EndLogic).HasMaxLength(20).IsRequired();
        builder.Property(t => t.HoldReason).HasMaxLength(WorkTask.ReasonMaxLength).IsRequired();
        builder.Property(t => t.CancelReason).HasMaxLength(WorkTask.ReasonMaxLength).IsRequired();
        builder.Property(t => t.EndLogicError).HasMaxLength(2000).IsRequired();

        // The SLA scan finds due tasks and end-logic runs with one indexed query each.
        builder.HasIndex(t => new { t.Status, t.TargetResolution });
        builder.HasIndex(t => new { t.EndLogicPending, t.EndLogicNextAttemptAt });
        builder.HasIndex(t => new { t.Status, t.WarnAt });
        builder.Property(t => t.Revision).IsConcurrencyToken();
        builder.Ignore(t => t.Events);
        builder.Ignore(t => t.HandOvers);
        builder.Ignore(t => t.ActiveItems);

        // One task per ticket, whatever number of intake jobs run for it at once.
        builder.HasIndex(t => t.TicketId).IsUnique();
        builder.HasIndex(t => new { t.Status, t.CoordinatorUserId });
        builder.HasIndex(t => t.WorkflowId);

        // All Tasks reads a page newest first: walking this index in order (the status checked in the index itself)
        // stops after a page, where the status indexes above meant sorting every task of the tab (decision 0014).
        builder.HasIndex(t => new { t.CreatedAt, t.Id, t.Status });

        // A ticket search's matches find their tasks, tab and creation time in this index alone: All Tasks counts a
        // tab's matches, and pages them newest first while they are not too many, without reading a task row each
        // (the unique index above only enforces one task per ticket; decision 0014).
        builder.HasIndex(t => new { t.TicketId, t.Status, t.CreatedAt });

        builder.HasOne<Ticket>().WithMany().HasForeignKey(t => t.TicketId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Workflow>().WithMany().HasForeignKey(t => t.WorkflowId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<WorkflowVersion>().WithMany().HasForeignKey(t => t.WorkflowVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(t => t.CoordinatorUserId).OnDelete(DeleteBehavior.Restrict);

        builder.HasMany(t => t.Items).WithOne(i => i.Task).HasForeignKey(i => i.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Activities).WithOne(a => a.Task).HasForeignKey(a => a.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.Items).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(t => t.Activities).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
