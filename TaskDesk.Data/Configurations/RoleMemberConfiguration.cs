using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Roles;

namespace TaskDesk.Data.Configurations;

internal sealed class RoleMemberConfiguration : IEntityTypeConfiguration<RoleMember>
{
    public void Configure(EntityTypeBuilder<RoleMember> builder)
    {
        builder.ToTable("RoleMembers");
        builder.HasKey(m => new { m.RoleId, m.UserId });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.UserId, m.IsActive });
    }
}
