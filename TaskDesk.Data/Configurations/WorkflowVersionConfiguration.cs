using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Data.Configurations;

internal sealed class WorkflowVersionConfiguration : IEntityTypeConfiguration<WorkflowVersion>
{
    public void Configure(EntityTypeBuilder<WorkflowVersion> builder)
    {
        builder.ToTable("WorkflowVersions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Definition).IsRequired();
        builder.HasIndex(v => new { v.WorkflowId, v.Number }).IsUnique();

        // Versions outlive edits of their workflow; a workflow that has versions is archived, never deleted.
        builder.HasOne(v => v.Workflow).WithMany().HasForeignKey(v => v.WorkflowId).OnDelete(DeleteBehavior.Restrict);
    }
}
