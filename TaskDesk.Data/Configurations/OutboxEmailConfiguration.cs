using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;

namespace TaskDesk.Data.Configurations;

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.ToTable("OutboxEmails");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.ToEmail).HasMaxLength(256).IsRequired();
        builder.Property(e => e.TicketNumber).HasMaxLength(50).IsRequired();
        builder.Property(e => e.Note).HasMaxLength(4000).IsRequired();
        builder.Property(e => e.LastError).HasMaxLength(2000).IsRequired();
        builder.HasIndex(e => new { e.Status, e.NextAttemptAt });
        builder.Property(e => e.Attempts).IsConcurrencyToken();

        // As the notification's (NotificationConfiguration): the assignment's generated id reaches the email in the same save.
        builder.HasOne<TaskItem>().WithMany().HasForeignKey(e => e.TaskItemId).OnDelete(DeleteBehavior.Restrict);
    }
}
