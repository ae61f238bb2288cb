using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Data.Configurations;

internal sealed class WorkflowConfiguration : IEntityTypeConfiguration<Workflow>
{
    public void Configure(EntityTypeBuilder<Workflow> builder)
    {
        builder.ToTable("Workflows");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Name).HasMaxLength(Workflow.NameMaxLength).IsRequired();
        builder.Property(w => w.Description).HasMaxLength(Workflow.DescriptionMaxLength).IsRequired();
        builder.Property(w => w.Department).HasMaxLength(Workflow.MatchFieldMaxLength).IsRequired();
        builder.Property(w => w.Category).HasMaxLength(Workflow.MatchFieldMaxLength).IsRequired();
        builder.Property(w => w.SubCategory).HasMaxLength(Workflow.MatchFieldMaxLength).IsRequired();

        // Ticks: SLAs run past 24 hours, which some providers' time types cannot hold.
        builder.Property(w => w.LowSla).HasConversion<long?>();
        builder.Property(w => w.MediumSla).HasConversion<long?>();
        builder.Property(w => w.HighSla).HasConversion<long?>();
        builder.Property(w => w.UrgentSla).HasConversion<long?>();

        builder.Property(w => w.EndLogic).HasConversion<string>().HasMaxLength(20);
        builder.Property(w => w.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(w => w.Revision).IsConcurrencyToken();
        builder.Property(w => w.ActiveMatchKey).HasMaxLength(Workflow.MatchFieldMaxLength * 3 + 2);

        // Matching a ticket to a workflow must never be ambiguous, also when two administrators initialize at once.
        builder.HasIndex(w => w.ActiveMatchKey).IsUnique();
        builder.HasIndex(w => new { w.Department, w.Category, w.Status });

        builder.HasMany(w => w.Steps).WithOne(s => s.Workflow).HasForeignKey(s => s.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(w => w.Transitions).WithOne(t => t.Workflow).HasForeignKey(t => t.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(w => w.Steps).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(w => w.Transitions).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.HasOne(w => w.ActiveVersion).WithMany().HasForeignKey(w => w.ActiveVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
