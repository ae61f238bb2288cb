using TaskDesk.Domain.Roles;

namespace TaskDesk.Domain.Tasks;

/// <summary>
/// Where a role's rotation stands (the seed's RoundRobin, kept per role). <see cref="Counter"/> only grows: the n-th
/// claim goes to active member n mod k, and a claim is one atomic increment of the counter, so two processes never hand
/// out the same turn.
/// </summary>
public sealed class RoundRobinCursor
{
    private RoundRobinCursor()
    {
    }

    /// <summary>The rotation of a new role, saved with it.</summary>
    public RoundRobinCursor(Role role)
    {
        Role = role;
    }

    public RoundRobinCursor(int roleId, long counter)
    {
        RoleId = roleId;
        Counter = counter;
    }

    public int RoleId { get; private set; }

    public Role Role { get; private set; } = null!;

    public long Counter { get; private set; }
}
