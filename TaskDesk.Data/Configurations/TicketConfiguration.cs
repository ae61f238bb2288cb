using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaskDesk.Domain.Tickets;

namespace TaskDesk.Data.Configurations;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.ToTable("Tickets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.TicketNumber).HasMaxLength(Ticket.TicketNumberMaxLength).IsRequired();
        builder.Property(t => t.Subject).HasMaxLength(Ticket.SubjectMaxLength).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(Ticket.DescriptionMaxLength).IsRequired();
        builder.Property(t => t.Department).HasMaxLength(Ticket.MatchFieldMaxLength).IsRequired();
        builder.Property(t => t.Category).HasMaxLength(Ticket.MatchFieldMaxLength).IsRequired();
        builder.Property(t => t.SubCategory).HasMaxLength(Ticket.MatchFieldMaxLength).IsRequired();
        builder.Property(t => t.RequesterName).HasMaxLength(Ticket.RequesterMaxLength).IsRequired();
        builder.Property(t => t.RequesterEmail).HasMaxLength(Ticket.RequesterMaxLength).IsRequired();
        builder.Property(t => t.Priority).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);

        // One snapshot per ticket number, also when the same ticket arrives twice at the same moment.
        builder.HasIndex(t => t.TicketNumber).IsUnique();
        builder.HasIndex(t => new { t.Status, t.Department, t.Category });
    }
}
