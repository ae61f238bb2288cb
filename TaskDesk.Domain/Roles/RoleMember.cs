namespace TaskDesk.Domain.Roles;

/// <summary>A user's membership of a role (the seed's RoleUsers), with the flag that takes them out of rotation.</summary>
public sealed class RoleMember
{
    private RoleMember()
    {
    }

    internal RoleMember(Role role, int userId, DateTimeOffset now)
    {
        Role = role;
        UserId = userId;
        IsActive = true;
        AddedAt = now;
    }

    public int RoleId { get; private set; }

    public Role Role { get; private set; } = null!;

    public int UserId { get; private set; }

    public bool IsActive { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }

    internal void SetActive(bool isActive) => IsActive = isActive;
}
