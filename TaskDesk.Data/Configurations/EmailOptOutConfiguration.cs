using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Notifications;

namespace TaskDesk.Data.Configurations;

internal sealed class EmailOptOutConfiguration : IEntityTypeConfiguration<EmailOptOut>
{
    public void Configure(EntityTypeBuilder<EmailOptOut> builder)
    {
        builder.ToTable("EmailOptOuts");
        builder.HasKey(o => new { o.UserId, o.Kind });
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(30);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
