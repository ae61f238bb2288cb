using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaskDesk.Domain.Roles;
using TaskDesk.Domain.Tasks;

namespace TaskDesk.Data.Configurations;

internal sealed class RoundRobinCursorConfiguration : IEntityTypeConfiguration<RoundRobinCursor>
{
    public void Configure(EntityTypeBuilder<RoundRobinCursor> builder)
    {
        builder.ToTable("RoundRobinCursors");
        builder.HasKey(c => c.RoleId);
        builder.Property(c => c.RoleId).ValueGeneratedNever();
        builder.HasOne(c => c.Role).WithOne().HasForeignKey<RoundRobinCursor>(c => c.RoleId).OnDelete(DeleteBehavior.Cascade);
    }
}
