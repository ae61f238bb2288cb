using TaskDesk.Domain.Common;
using TaskDesk.Domain.Roles;

namespace TaskDesk.Tests.Domain;

public class RoleTests
{
    private static readonly DateTimeOffset Now = WorkflowBuilder.Now;

    [Fact]
    public void NewRole_HasTrimmedTextsAndNoMembers()
    {
        var role = new Role("  IT Technician ", " Fixes things ", Now);

        Assert.Equal("IT Technician", role.Name);
        Assert.Equal("Fixes things", role.Description);
        Assert.Equal(Now, role.CreatedAt);
        Assert.Empty(role.Members);
    }

    [Fact]
    public void NewRole_WithoutDescription_HasAnEmptyOne()
    {
        var role = new Role("Agent", null, Now);

        Assert.Equal("", role.Description);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void NewRole_WithoutName_IsRefused(string? name)
    {
        var error = Assert.Throws<DomainValidationException>(() => new Role(name, null, Now));

        Assert.Equal(ValidationIssue.Field("name", "Role name is required."), Assert.Single(error.Issues));
    }

    [Fact]
    public void NewRole_TextsAtTheirLimits_AreAccepted()
    {
        var role = new Role(new string('n', Role.NameMaxLength), new string('d', Role.DescriptionMaxLength), Now);

        Assert.Equal(Role.NameMaxLength, role.Name.Length);
    }

    [Fact]
    public void NewRole_WithTooLongNameAndDescription_ReportsBoth()
    {
        var error = Assert.Throws<DomainValidationException>(() => new Role(new string('n', Role.NameMaxLength + 1), new string('d', Role.DescriptionMaxLength + 1), Now));

        Assert.Equal(2, error.Issues.Count);
        IssueAssert.Single(error.Issues, IssueSubject.Field, "name", $"at most {Role.NameMaxLength} characters");
        IssueAssert.Single(error.Issues, IssueSubject.Field, "description", $"at most {Role.DescriptionMaxLength} characters");
    }

    [Fact]
    public void AddMember_AddsAnActiveMember()
    {
        var role = new Role("Agent", null, Now);
        var at = Now.AddDays(1);

        var member = role.AddMember(7, at);

        Assert.Same(member, Assert.Single(role.Members));
        Assert.Equal(7, member.UserId);
        Assert.True(member.IsActive);
        Assert.Equal(at, member.AddedAt);
        Assert.Same(role, member.Role);
    }

    [Fact]
    public void AddMember_SameUserTwice_IsRefusedAndKeepsOneMembership()
    {
        var role = new Role("Agent", null, Now);
        role.AddMember(7, Now);

        var error = Assert.Throws<DomainConflictException>(() => role.AddMember(7, Now.AddDays(1)));

        Assert.Equal("User 7 is already a member of role 'Agent'.", error.Message);
        Assert.Single(role.Members);
    }

    [Fact]
    public void AddMember_SeveralUsers_AreAllMembers()
    {
        var role = new Role("Agent", null, Now);

        role.AddMember(7, Now);
        role.AddMember(8, Now);

        Assert.Equal([7, 8], role.Members.Select(m => m.UserId));
    }

    [Fact]
    public void SetMemberActive_False_KeepsTheMembershipButTakesThemOutOfRotation()
    {
        var role = new Role("Agent", null, Now);
        role.AddMember(7, Now);
        role.AddMember(8, Now);

        var member = role.SetMemberActive(7, isActive: false);

        Assert.False(member.IsActive);
        Assert.Equal(2, role.Members.Count);
        Assert.True(role.Members.Single(m => m.UserId == 8).IsActive);
    }

    [Fact]
    public void SetMemberActive_True_PutsThemBackIntoRotation()
    {
        var role = new Role("Agent", null, Now);
        role.AddMember(7, Now);
        role.SetMemberActive(7, isActive: false);

        var member = role.SetMemberActive(7, isActive: true);

        Assert.True(member.IsActive);
    }

    [Fact]
    public void SetMemberActive_ForANonMember_IsNotFound()
    {
        var role = new Role("Agent", null, Now);
        role.AddMember(7, Now);

        var error = Assert.Throws<DomainNotFoundException>(() => role.SetMemberActive(8, isActive: false));

        Assert.Equal("User 8 is not a member of role 'Agent'.", error.Message);
    }

    [Fact]
    public void RemoveMember_RemovesOnlyThatMember()
    {
        var role = new Role("Agent", null, Now);
        role.AddMember(7, Now);
        role.AddMember(8, Now);

        role.RemoveMember(7);

        Assert.Equal(8, Assert.Single(role.Members).UserId);
    }

    [Fact]
    public void RemoveMember_ThenAddAgain_IsAllowed()
    {
        var role = new Role("Agent", null, Now);
        role.AddMember(7, Now);
        role.RemoveMember(7);

        role.AddMember(7, Now.AddDays(1));

        Assert.Equal(Now.AddDays(1), Assert.Single(role.Members).AddedAt);
    }

    [Fact]
    public void RemoveMember_ForANonMember_IsNotFoundAndRemovesNothing()
    {
        var role = new Role("Agent", null, Now);
        role.AddMember(7, Now);

        Assert.Throws<DomainNotFoundException>(() => role.RemoveMember(8));

        Assert.Single(role.Members);
    }
}
