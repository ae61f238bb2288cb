using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Data.Configurations;

internal sealed class TransitionConfiguration : IEntityTypeConfiguration<Transition>
{
    public void Configure(EntityTypeBuilder<Transition> builder)
    {
        builder.ToTable("Transitions");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(Transition.NameMaxLength).IsRequired();
        builder.Property(t => t.Design).HasMaxLength(Transition.DesignMaxLength);

        // The workflow already cascades to its transitions; a second cascade path through steps is refused by SQL Server.
        // Nor does EF Core cascade here: a graph save that removes a step and moves its transition onto a new one (its
        // key not yet made) saw the transition still pointing at the removed step and deleted it with the step. A
        // transition left at a removed step is an orphan of its workflow's graph and goes as such (Workflow.ReplaceGraph).
        builder.HasOne(t => t.FromStep).WithMany().HasForeignKey(t => t.FromStepId).OnDelete(DeleteBehavior.ClientNoAction);
        builder.HasOne(t => t.ToStep).WithMany().HasForeignKey(t => t.ToStepId).OnDelete(DeleteBehavior.ClientNoAction);
    }
}
