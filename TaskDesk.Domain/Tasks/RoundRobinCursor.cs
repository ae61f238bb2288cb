namespace TaskDesk.Domain.Tasks;

/// <summary>
/// Where a role's rotation stands (the seed's RoundRobin, kept per role). <see cref="Counter"/> only grows: the n-th
/// claim goes to active member n mod k, and a claim is one atomic conditional update, so two processes never hand
/// out the same turn.
/// </summary>
public sealed class RoundRobinCursor
{
    private RoundRobinCursor()
    {
    }

    public RoundRobinCursor(int roleId)
    {
        RoleId = roleId;
    }

    public int RoleId { get; private set; }

    public long Counter { get; private set; }
}
