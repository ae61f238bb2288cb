using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TaskDesk.Domain.Common;
using TaskDesk.Web.Components.Shared;
using TaskDesk.Web.Features.Users;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Roles;

public partial class RolesPage
{
    private readonly Dictionary<int, int?> _picked = [];
    private IReadOnlyList<RoleView>? _roles;
    private IReadOnlyList<UserView>? _users;
    private bool _loading;
    private bool _busy;
    private string? _error;

    private string _roleName = "";
    private string _roleDescription = "";
    private IReadOnlyList<ValidationIssue> _roleIssues = [];
    private string? _roleError;

    private string _newEmail = "";
    private string _newDisplayName = "";
    private string _newPassword = "";
    private bool _newIsAdministrator;
    private IReadOnlyList<ValidationIssue> _userIssues = [];
    private string? _userError;

    [Inject]
    private RoleService Roles { get; set; } = null!;

    [Inject]
    private UserService Users { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = null!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task<Actor> ActorAsync() => Actor.From((await AuthenticationState).User);

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            var actor = await ActorAsync();
            _roles = await Roles.ListAsync(actor);
            _users = await Users.ListAsync(actor);
            _error = null;
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            _error = e.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>Runs one membership change, shows its refusal if any, and reloads so every tab shows the result.</summary>
    private async Task ChangeAsync(Func<Actor, Task> change, string done)
    {
        _busy = true;
        try
        {
            await change(await ActorAsync());
            Snackbar.Add(done, Severity.Success);
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }

        await LoadAsync();
    }

    private Task SetActiveAsync(RoleView role, RoleMemberView member, bool isActive) =>
        ChangeAsync(
            actor => Roles.SetMemberActiveAsync(actor, role.Id, member.UserId, isActive),
            isActive ? $"{member.DisplayName} receives work in {role.Name} again." : $"{member.DisplayName} is out of rotation in {role.Name}.");

    private async Task RemoveAsync(RoleView role, RoleMemberView member)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Remove member", $"Remove {member.DisplayName} from {role.Name}? They stop receiving work for its steps.", yesText: "Remove", cancelText: "Cancel");
        if (confirmed == true)
        {
            await ChangeAsync(actor => Roles.RemoveMemberAsync(actor, role.Id, member.UserId), $"{member.DisplayName} removed from {role.Name}.");
        }
    }

    private async Task AddMemberAsync(RoleView role)
    {
        if (_picked.GetValueOrDefault(role.Id) is not { } userId)
        {
            return;
        }

        _picked.Remove(role.Id);
        await ChangeAsync(actor => Roles.AddMemberAsync(actor, role.Id, userId), $"{UserLabel(userId)} added to {role.Name}.");
    }

    private async Task CreateRoleAsync()
    {
        _busy = true;
        _roleError = null;
        try
        {
            var role = await Roles.CreateAsync(await ActorAsync(), _roleName, _roleDescription);
            _roleIssues = [];
            _roleName = "";
            _roleDescription = "";
            Snackbar.Add($"Role '{role.Name}' created.", Severity.Success);
            await LoadAsync();
        }
        catch (DomainValidationException refused)
        {
            _roleIssues = refused.Issues;
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            _roleIssues = [];
            _roleError = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CreateUserAsync()
    {
        _busy = true;
        _userError = null;
        try
        {
            var user = await Users.CreateAsync(await ActorAsync(), new NewUser(_newEmail, _newDisplayName, _newPassword, _newIsAdministrator));
            _userIssues = [];
            (_newEmail, _newDisplayName, _newIsAdministrator) = ("", "", false);
            Snackbar.Add($"User {user.Email} created.", Severity.Success);
            await LoadAsync();
        }
        catch (DomainValidationException refused)
        {
            _userIssues = refused.Issues;
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            _userIssues = [];
            _userError = e.Message;
        }
        finally
        {
            // The password is never kept around, whether the user was created or not.
            _newPassword = "";
            _busy = false;
        }
    }

    private string UserLabel(int? userId) =>
        _users?.FirstOrDefault(u => u.Id == userId) is { } user ? $"{user.DisplayName} ({user.Email})" : "";

    private static string? IssueFor(IReadOnlyList<ValidationIssue> issues, string target)
    {
        var messages = issues.Where(i => i.Target == target).Select(i => i.Message).ToList();
        return messages.Count > 0 ? string.Join(" ", messages) : null;
    }
}
