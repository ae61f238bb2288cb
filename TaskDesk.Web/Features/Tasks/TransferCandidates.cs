using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Tasks;

/// <summary>Someone an assignment of a role can be transferred to.</summary>
public sealed record TransferCandidate(int UserId, string DisplayName, string Email);

/// <summary>
/// Who may take an assignment of a role: its active members who are not deactivated (an inactive member is out of rotation, and
/// <see cref="TaskService.TransferAsync"/> refuses them). Only those who may transfer ask: administrators and the
/// coordinators of open tasks; a coordinator with none has nothing to transfer, so may not list a role's members.
/// </summary>
public sealed class TransferCandidates(IDbContextFactory<TaskDeskDbContext> contexts)
{
    private static readonly WorkTaskStatus[] OpenTask = [WorkTaskStatus.Pending, WorkTaskStatus.InProgress, WorkTaskStatus.OnHold];

    public async Task<IReadOnlyList<TransferCandidate>> TransferCandidatesAsync(Actor actor, int roleId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!actor.IsAdministrator && !await db.Tasks.AnyAsync(t => t.CoordinatorUserId == actor.UserId && OpenTask.Contains(t.Status), ct))
        {
            throw new AccessDeniedException("Only administrators and the coordinators of open tasks may see whom an assignment can be transferred to.");
        }

        if (!await db.WorkflowRoles.AnyAsync(r => r.Id == roleId, ct))
        {
            throw new DomainNotFoundException($"Role {roleId} does not exist.");
        }

        return await (
                from m in db.RoleMembers.AsNoTracking()
                where m.RoleId == roleId && m.IsActive
                join u in db.Users.Where(AppUser.Active) on m.UserId equals u.Id
                orderby u.DisplayName, u.Email
                select new TransferCandidate(u.Id, u.DisplayName, u.Email ?? ""))
            .ToListAsync(ct);
    }
}
