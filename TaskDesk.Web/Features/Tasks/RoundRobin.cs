using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Tasks;

namespace TaskDesk.Web.Features.Tasks;

/// <summary>
/// The seed's round-robin over a role's active members who are not deactivated (ordered by user id), made exact under concurrency: each turn
/// is claimed by one statement that increments the role's counter and returns it, so no two requests or processes get
/// the same turn, and a claim rolls back with the caller's transaction.
/// </summary>
public static class RoundRobin
{
    // Every intake and every move claims turns: compiled once, these skip EF Core's translation each time.
    // A deactivated user is passed by, whatever their memberships say, and is back in turn when reactivated.
    private static readonly Func<TaskDeskDbContext, int[], IAsyncEnumerable<RoleMemberId>> ActiveMembers =
        EF.CompileAsyncQuery((TaskDeskDbContext db, int[] roleIds) =>
            from m in db.RoleMembers
            join u in db.Users.Where(AppUser.Active) on m.UserId equals u.Id
            where roleIds.Contains(m.RoleId) && m.IsActive
            select new RoleMemberId(m.RoleId, m.UserId));

    /// <summary>
    /// The active members of each role in rotation order, in one query. A caller can read them before it starts its
    /// write transaction and claim turns inside it, so the transaction (on SQLite, the whole database) is held shorter.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, IReadOnlyList<int>>> MembersAsync(TaskDeskDbContext db, IReadOnlyCollection<int> roleIds, CancellationToken ct = default)
    {
        var rows = new List<RoleMemberId>();
        await foreach (var member in ActiveMembers(db, [.. roleIds.Distinct()]).WithCancellation(ct))
        {
            rows.Add(member);
        }

        return roleIds.Distinct().ToDictionary(
            roleId => roleId,
            roleId => (IReadOnlyList<int>)rows.Where(m => m.RoleId == roleId).Select(m => m.UserId).Order().ToList());
    }

    /// <summary>Claims the role's next turn and gives it to the member whose turn it is; null when the role has no active member.</summary>
    public static async Task<int?> ClaimAsync(TaskDeskDbContext db, int roleId, IReadOnlyList<int> members, CancellationToken ct = default)
    {
        if (members.Count == 0)
        {
            return null;
        }

        if (await RoundRobinTurns.TakeAsync(db, roleId, ct) is { } taken)
        {
            return members[(int)(taken % members.Count)];
        }

        // A role from before rotations were kept: its first turn creates the cursor with the caller's save.
        if (db.RoundRobinCursors.Local.Any(c => c.RoleId == roleId))
        {
            throw new InvalidOperationException($"Role {roleId}'s rotation is being created by this same operation; save before asking again.");
        }

        db.RoundRobinCursors.Add(new RoundRobinCursor(roleId, counter: 1));
        return members[0];
    }

    private sealed record RoleMemberId(int RoleId, int UserId);
}
