using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaskDesk.Domain.Roles;
using TaskDesk.Domain.Workflows;

namespace TaskDesk.Data.Configurations;

internal sealed class StepConfiguration : IEntityTypeConfiguration<Step>
{
    public void Configure(EntityTypeBuilder<Step> builder)
    {
        builder.ToTable("Steps");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(Step.NameMaxLength).IsRequired();
        builder.Property(s => s.Description).HasMaxLength(Step.DescriptionMaxLength).IsRequired();
        builder.Property(s => s.Instruction).HasMaxLength(Step.InstructionMaxLength).IsRequired();
        builder.Property(s => s.Weight).HasPrecision(9, 6);
        builder.ComplexProperty(s => s.Design, design =>
        {
            design.Property(d => d.X).HasColumnName("DesignX");
            design.Property(d => d.Y).HasColumnName("DesignY");
        });

        builder.HasOne<Role>().WithMany().HasForeignKey(s => s.RoleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Role>().WithMany().HasForeignKey(s => s.EscalateToRoleId).OnDelete(DeleteBehavior.Restrict);
    }
}
