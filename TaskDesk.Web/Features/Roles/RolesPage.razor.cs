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

    /// <summary>Runs one membership change without asking first: see <see cref="ConfirmedChangeAsync"/>.</summary>
    private Task ChangeAsync(Func<Actor, Task> change, string done) => ConfirmedChangeAsync(() => Task.FromResult(true), change, done);

    private Task SetActiveAsync(RoleView role, RoleMemberView member, bool isActive) =>
        ChangeAsync(
            actor => Roles.SetMemberActiveAsync(actor, role.Id, member.UserId, isActive),
            isActive ? $"{member.DisplayName} receives work in {role.Name} again." : $"{member.DisplayName} is out of rotation in {role.Name}.");

    // Busy from the click, like the users' actions: a double click asked twice and removed once, then was refused.
    private Task RemoveAsync(RoleView role, RoleMemberView member) =>
        ConfirmedChangeAsync(
            async () => await Dialogs.ShowMessageBoxAsync(
                "Remove member", $"Remove {member.DisplayName} from {role.Name}? They stop receiving work for its steps.", yesText: "Remove", cancelText: "Cancel") == true,
            actor => Roles.RemoveMemberAsync(actor, role.Id, member.UserId),
            $"{member.DisplayName} removed from {role.Name}.");

    // The pick is cleared once the member is added: a refused add keeps it.
    private async Task AddMemberAsync(RoleView role)
    {
        if (_picked.GetValueOrDefault(role.Id) is not { } userId)
        {
            return;
        }

        await ChangeAsync(
            async actor =>
            {
                await Roles.AddMemberAsync(actor, role.Id, userId);
                _picked.Remove(role.Id);
            },
            $"{UserLabel(userId)} added to {role.Name}.");
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

    private Task DeactivateAsync(UserView user) =>
        ConfirmedChangeAsync(
            () => ConfirmAsync(
                "Deactivate user",
                $"Deactivate {user.DisplayName} ({user.Email})? They cannot sign in, their open sessions end within minutes, and no new work is handed to them. Tasks they hold now stay theirs until transferred.",
                "Deactivate"),
            actor => Users.DeactivateAsync(actor, user.Id),
            $"{user.DisplayName} is deactivated.");

    private Task ReactivateAsync(UserView user) =>
        ConfirmedChangeAsync(
            () => ConfirmAsync("Reactivate user", $"Reactivate {user.DisplayName} ({user.Email})? They can sign in again and receive work in their roles.", "Reactivate"),
            actor => Users.ReactivateAsync(actor, user.Id),
            $"{user.DisplayName} is active again.");

    private Task SetAdministratorAsync(UserView user, bool isAdministrator) =>
        ConfirmedChangeAsync(
            () => isAdministrator
                ? ConfirmAsync("Make administrator", $"Make {user.DisplayName} ({user.Email}) an administrator? They can change workflows, roles and users.", "Make administrator")
                : ConfirmAsync("Remove administrator", $"Remove {user.DisplayName}'s administrator role? Their open sessions end within minutes.", "Remove"),
            actor => Users.SetAdministratorAsync(actor, user.Id, isAdministrator),
            isAdministrator ? $"{user.DisplayName} is an administrator." : $"{user.DisplayName} is no longer an administrator.");

    /// <summary>
    /// One confirmed action (on a user, or removing a member): busy from the first click (before the confirmation is
    /// awaited, so a second click opens nothing), its refusal shown, and the page reloaded after a change or a refusal.
    /// What is typed in the forms is kept.
    /// </summary>
    private async Task ConfirmedChangeAsync(Func<Task<bool>> confirm, Func<Actor, Task> change, string done)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            if (!await confirm())
            {
                return;
            }

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

    private async Task<bool> ConfirmAsync(string title, string message, string yes) =>
        await Dialogs.ShowMessageBoxAsync(title, message, yesText: yes, cancelText: "Cancel") == true;

    /// <summary>The dialog saves through the service and stays open on a refusal, so a refused password is still there to fix.</summary>
    private async Task SetPasswordAsync(UserView user)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            var actor = await ActorAsync();
            var parameters = new DialogParameters<SetPasswordDialog>
            {
                { d => d.UserName, user.DisplayName },
                { d => d.Save, password => SavePasswordAsync(actor, user, password) },
            };
            var dialog = await Dialogs.ShowAsync<SetPasswordDialog>($"Set password for {user.DisplayName}", parameters);
            if (await dialog.Result is { Canceled: false })
            {
                Snackbar.Add($"{user.DisplayName}'s password is set.", Severity.Success);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task<string?> SavePasswordAsync(Actor actor, UserView user, string password)
    {
        try
        {
            await Users.SetPasswordAsync(actor, user.Id, password);
            return null;
        }
        catch (DomainValidationException refused)
        {
            return string.Join(" ", refused.Issues.Select(i => i.Message));
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            return e.Message;
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
