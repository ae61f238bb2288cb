using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;

namespace TaskDesk.Data.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("Notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(n => n.TicketNumber).HasMaxLength(50).IsRequired();
        builder.Property(n => n.Title).HasMaxLength(Notification.TitleMaxLength).IsRequired();
        builder.Property(n => n.Message).HasMaxLength(Notification.MessageMaxLength).IsRequired();
        builder.HasIndex(n => new { n.UserId, n.ReadAt });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);

        // A relationship, so the assignment a move creates and its notification are saved together: EF Core puts the
        // assignment's generated id into the notification (TaskNotifier gives it the assignment's temporary key).
        builder.HasOne<TaskItem>().WithMany().HasForeignKey(n => n.TaskItemId).OnDelete(DeleteBehavior.Restrict);
    }
}
