using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Roles;
using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Roles;

public sealed record RoleView(int Id, string Name, string Description, IReadOnlyList<RoleMemberView> Members);

public sealed record RoleMemberView(int UserId, string Email, string DisplayName, bool IsActive, DateTimeOffset AddedAt);

/// <summary>Workflow roles and who is in them; administrators only.</summary>
public sealed class RoleService(IDbContextFactory<TaskDeskDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<RoleView>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var roles = await db.WorkflowRoles.AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct);
        var members = await (
                from m in db.RoleMembers
                join u in db.Users on m.UserId equals u.Id
                orderby u.DisplayName, u.Email
                select new { m.RoleId, Member = new RoleMemberView(m.UserId, u.Email ?? "", u.DisplayName, m.IsActive, m.AddedAt) })
            .ToListAsync(ct);
        var byRole = members.ToLookup(m => m.RoleId, m => m.Member);
        return roles.Select(r => new RoleView(r.Id, r.Name, r.Description, byRole[r.Id].ToList())).ToList();
    }

    /// <summary>The roles the actor belongs to, and whether they are in rotation in each.</summary>
    public async Task<IReadOnlyList<(string Role, bool IsActive)>> MembershipsOfAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.RoleMembers.Where(m => m.UserId == actor.UserId).OrderBy(m => m.Role.Name)
            .Select(m => new { m.Role.Name, m.IsActive })
            .ToListAsync(ct);
        return rows.Select(r => (r.Name, r.IsActive)).ToList();
    }

    public async Task<RoleView> CreateAsync(Actor actor, string? name, string? description, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        var role = new Role(name, description, clock.GetUtcNow());
        await using var db = await contexts.CreateDbContextAsync(ct);
        await RefuseDuplicateNameAsync(db, role.Name, ct);
        db.WorkflowRoles.Add(role);
        db.RoundRobinCursors.Add(new RoundRobinCursor(role));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            await RefuseDuplicateNameAsync(db, role.Name, ct);
            throw;
        }

        return new RoleView(role.Id, role.Name, role.Description, []);
    }

    public Task<RoleMemberView> AddMemberAsync(Actor actor, int roleId, int userId, CancellationToken ct = default) =>
        ChangeMemberAsync(actor, roleId, userId, (role, now) => role.AddMember(userId, now), ct);

    public Task<RoleMemberView> SetMemberActiveAsync(Actor actor, int roleId, int userId, bool isActive, CancellationToken ct = default) =>
        ChangeMemberAsync(actor, roleId, userId, (role, _) => role.SetMemberActive(userId, isActive), ct);

    public async Task RemoveMemberAsync(Actor actor, int roleId, int userId, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var role = await LoadAsync(db, roleId, ct);
        role.RemoveMember(userId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another administrator removed (or changed) the member between the read and this delete.
            throw new DomainConflictException($"Role '{role.Name}' was changed by someone else at the same moment. Reload and try again.");
        }
    }

    private async Task<RoleMemberView> ChangeMemberAsync(Actor actor, int roleId, int userId, Func<Role, DateTimeOffset, RoleMember> change, CancellationToken ct)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var role = await LoadAsync(db, roleId, ct);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email, u.DisplayName }).SingleOrDefaultAsync(ct)
            ?? throw new DomainValidationException("user_id", $"User {userId} does not exist.");
        var member = change(role, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new DomainConflictException($"Role '{role.Name}' was changed by someone else at the same moment. Reload and try again.");
        }

        return new RoleMemberView(userId, user.Email ?? "", user.DisplayName, member.IsActive, member.AddedAt);
    }

    private static async Task<Role> LoadAsync(TaskDeskDbContext db, int roleId, CancellationToken ct) =>
        await db.WorkflowRoles.Include(r => r.Members).SingleOrDefaultAsync(r => r.Id == roleId, ct)
        ?? throw new DomainNotFoundException($"Role {roleId} does not exist.");

    private static async Task RefuseDuplicateNameAsync(TaskDeskDbContext db, string name, CancellationToken ct)
    {
        var upper = name.ToUpperInvariant();
        if (await db.WorkflowRoles.AnyAsync(r => r.Name.ToUpper() == upper, ct))
        {
            throw new DomainConflictException($"A role named '{name}' already exists.");
        }
    }
}
