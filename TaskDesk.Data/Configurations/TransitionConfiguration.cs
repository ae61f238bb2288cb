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
        builder.HasOne(t => t.FromStep).WithMany().HasForeignKey(t => t.FromStepId).OnDelete(DeleteBehavior.ClientCascade);
        builder.HasOne(t => t.ToStep).WithMany().HasForeignKey(t => t.ToStepId).OnDelete(DeleteBehavior.ClientCascade);
    }
}
