using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Roles;
using TaskDesk.Domain.Tasks;

namespace TaskDesk.Data.Configurations;

internal sealed class TaskItemConfiguration : IEntityTypeConfiguration<TaskItem>
{
    public void Configure(EntityTypeBuilder<TaskItem> builder)
    {
        builder.ToTable("TaskItems");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Origin).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.RoleName).HasMaxLength(Role.NameMaxLength).IsRequired();
        builder.Property(i => i.StepName).HasMaxLength(200).IsRequired();
        builder.Property(i => i.Notes).HasMaxLength(TaskItem.NotesMaxLength).IsRequired();
        builder.Ignore(i => i.IsActive);

        builder.HasIndex(i => new { i.UserId, i.Status });
        builder.HasIndex(i => new { i.Status, i.TargetResolution });
        builder.HasIndex(i => new { i.Status, i.WarnAt });
        builder.HasIndex(i => new { i.RoleId, i.Status });

        builder.HasOne<AppUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Role>().WithMany().HasForeignKey(i => i.RoleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.History).WithOne(h => h.Item).HasForeignKey(h => h.TaskItemId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(i => i.History).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
