using TaskDesk.Domain.Common;

namespace TaskDesk.Domain.Roles;

/// <summary>A group of users that owns workflow steps (Agent, IT Technician, …). Users are known by id only.</summary>
public sealed class Role
{
    public const string TicketCoordinator = "Ticket Coordinator";
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 1000;

    private readonly List<RoleMember> _members = [];

    private Role()
    {
        Name = "";
        Description = "";
    }

    public Role(string? name, string? description, DateTimeOffset now)
        : this()
    {
        var issues = new List<ValidationIssue>();
        Name = Guard.Text(name, "Role name", NameMaxLength, required: true, m => ValidationIssue.Field("name", m), issues);
        Description = Guard.Text(description, "Description", DescriptionMaxLength, required: false, m => ValidationIssue.Field("description", m), issues);
        Guard.ThrowIfAny(issues);
        CreatedAt = now;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public string Description { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<RoleMember> Members => _members;

    public RoleMember AddMember(int userId, DateTimeOffset now)
    {
        if (_members.Any(m => m.UserId == userId))
        {
            throw new DomainConflictException($"User {userId} is already a member of role '{Name}'.");
        }

        var member = new RoleMember(this, userId, now);
        _members.Add(member);
        return member;
    }

    /// <summary>An inactive member keeps the membership but is skipped when work is handed out.</summary>
    public RoleMember SetMemberActive(int userId, bool isActive)
    {
        var member = FindMember(userId);
        member.SetActive(isActive);
        return member;
    }

    public void RemoveMember(int userId) => _members.Remove(FindMember(userId));

    private RoleMember FindMember(int userId) =>
        _members.SingleOrDefault(m => m.UserId == userId)
        ?? throw new DomainNotFoundException($"User {userId} is not a member of role '{Name}'.");
}
