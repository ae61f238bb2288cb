using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Common;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Users;

public sealed record UserView(int Id, string Email, string DisplayName, bool IsAdministrator, bool IsActive, IReadOnlyList<string> Roles);

public sealed record NewUser(string? Email, string? DisplayName, string? Password, bool IsAdministrator);

/// <summary>People who sign in to TaskDesk; administrators only.</summary>
public sealed class UserService(IDbContextFactory<TaskDeskDbContext> contexts, IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserView>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var adminIds = (await (
                from ur in db.UserRoles
                join r in db.Roles on ur.RoleId equals r.Id
                where r.Name == AppRoles.Administrator
                select ur.UserId)
            .ToListAsync(ct)).ToHashSet();
        var memberships = (await (
                from m in db.RoleMembers
                join r in db.WorkflowRoles on m.RoleId equals r.Id
                orderby r.Name
                select new { m.UserId, r.Name })
            .ToListAsync(ct)).ToLookup(m => m.UserId, m => m.Name);
        var all = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.LockoutEnabled, u.LockoutEnd })
            .ToListAsync(ct);
        return all.Select(u => new UserView(
                u.Id, u.Email ?? "", u.DisplayName, adminIds.Contains(u.Id), !AppUser.IsDeactivatedBy(u.LockoutEnabled, u.LockoutEnd), memberships[u.Id].ToList()))
            .ToList();
    }

    public async Task<UserView> CreateAsync(Actor actor, NewUser request, CancellationToken ct = default)
    {
        actor.RequireAdministrator();

        // Identity's stores hold a DbContext; a scope per operation keeps it from living as long as a Blazor circuit.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await CreateUserAsync(users, request, clock.GetUtcNow());
        return new UserView(user.Id, user.Email ?? "", user.DisplayName, request.IsAdministrator, IsActive: true, []);
    }

    /// <summary>
    /// Cuts a user off: they cannot sign in (a lockout for good), and their cookies, refresh tokens and open pages stop
    /// working at their next check of the security stamp. Round-robin and transfers pass them by while deactivated; their
    /// role memberships are kept as they were, for when they come back. Deactivating a deactivated user changes nothing.
    /// </summary>
    public Task<UserView> DeactivateAsync(Actor actor, int userId, CancellationToken ct = default) =>
        ChangeAsync(actor, userId, ct, async (users, user) =>
        {
            if (user.Id == actor.UserId)
            {
                throw new DomainConflictException("You cannot deactivate yourself; another administrator can.");
            }

            if (user.IsDeactivated)
            {
                return;
            }

            Require(await users.SetLockoutEnabledAsync(user, true));
            Require(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
            Require(await users.UpdateSecurityStampAsync(user));
        });

    /// <summary>Lets a deactivated user sign in again (with the password they had); reactivating an active user changes nothing.</summary>
    public Task<UserView> ReactivateAsync(Actor actor, int userId, CancellationToken ct = default) =>
        ChangeAsync(actor, userId, ct, async (users, user) =>
        {
            if (!user.IsDeactivated)
            {
                return;
            }

            Require(await users.SetLockoutEndDateAsync(user, null));
            Require(await users.ResetAccessFailedCountAsync(user));
        });

    /// <summary>
    /// Gives the user a new password, which Identity's password rules must accept. Their sessions end at the next check,
    /// and a lockout after failed sign-ins ends now (a forgotten password usually comes with some); a deactivated user stays so.
    /// </summary>
    public Task<UserView> SetPasswordAsync(Actor actor, int userId, string? password, CancellationToken ct = default) =>
        ChangeAsync(actor, userId, ct, async (users, user) =>
        {
            var issues = await PasswordIssuesAsync(users, user, password);
            if (issues.Count > 0)
            {
                throw new DomainValidationException(issues);
            }

            // A reset token: one update sets the hash and the security stamp (Identity has no public setter that does both).
            var token = await users.GeneratePasswordResetTokenAsync(user);
            Require(await users.ResetPasswordAsync(user, token, password!));
            Require(await users.ResetAccessFailedCountAsync(user));
            if (!user.IsDeactivated && user.LockoutEnabled && user.LockoutEnd is not null)
            {
                Require(await users.SetLockoutEndDateAsync(user, null));
            }
        });

    /// <summary>
    /// Makes the user an administrator or no longer one. Nobody removes their own administrator role (another administrator
    /// can). A removal also ends the user's sessions at their next check, so no page or token keeps the role it had.
    /// </summary>
    public Task<UserView> SetAdministratorAsync(Actor actor, int userId, bool isAdministrator, CancellationToken ct = default) =>
        ChangeAsync(actor, userId, ct, async (users, user) =>
        {
            var isNow = await users.IsInRoleAsync(user, AppRoles.Administrator);
            if (isNow == isAdministrator)
            {
                return;
            }

            if (isAdministrator)
            {
                Require(await users.AddToRoleAsync(user, AppRoles.Administrator));
                return;
            }

            if (user.Id == actor.UserId)
            {
                throw new DomainConflictException("You cannot remove your own administrator role; another administrator can.");
            }

            Require(await users.RemoveFromRoleAsync(user, AppRoles.Administrator));
            Require(await users.UpdateSecurityStampAsync(user));
        });

    /// <summary>
    /// Runs one change to a user in a transaction that first writes the Administrator role's row, so changes to users
    /// take turns (on every provider the second writer waits for the first to commit), and then counts the active
    /// administrators the change leaves: two administrators demoting or deactivating each other at once cannot both
    /// succeed and leave nobody who can administer TaskDesk; the second is refused and changes nothing.
    /// </summary>
    private async Task<UserView> ChangeAsync(Actor actor, int userId, CancellationToken ct, Func<UserManager<AppUser>, AppUser, Task> change)
    {
        actor.RequireAdministrator();
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();

        // The context Identity's stores use in this scope, so their saves join the transaction.
        var db = scope.ServiceProvider.GetRequiredService<TaskDeskDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var administratorRole = users.NormalizeName(AppRoles.Administrator);
        await db.Roles.Where(r => r.NormalizedName == administratorRole)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ConcurrencyStamp, Guid.NewGuid().ToString()), ct);

        var user = await users.FindByIdAsync(userId.ToString(CultureInfo.InvariantCulture))
            ?? throw new DomainNotFoundException($"User {userId} does not exist.");
        await change(users, user);

        var activeAdministrators = await (
                from ur in db.UserRoles
                join r in db.Roles on ur.RoleId equals r.Id
                join u in db.Users.Where(AppUser.Active) on ur.UserId equals u.Id
                where r.NormalizedName == administratorRole
                select ur.UserId)
            .CountAsync(ct);
        if (activeAdministrators == 0)
        {
            throw new DomainConflictException("This would leave no active administrator: make someone else an administrator first.");
        }

        await transaction.CommitAsync(ct);
        var isAdministrator = await users.IsInRoleAsync(user, AppRoles.Administrator);
        var roles = await (
                from m in db.RoleMembers
                join r in db.WorkflowRoles on m.RoleId equals r.Id
                where m.UserId == user.Id
                orderby r.Name
                select r.Name)
            .ToListAsync(ct);
        return new UserView(user.Id, user.Email ?? "", user.DisplayName, isAdministrator, !user.IsDeactivated, roles);
    }

    /// <summary>What Identity's password rules say about a password for this user, each under <c>password</c>.</summary>
    private static async Task<List<ValidationIssue>> PasswordIssuesAsync(UserManager<AppUser> users, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return [ValidationIssue.Field("password", "Password is required.")];
        }

        var issues = new List<ValidationIssue>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            issues.AddRange(result.Errors.Select(e => ValidationIssue.Field("password", e.Description)));
        }

        return issues;
    }

    /// <summary>A failed Identity update: another administrator changed the same user at once (409), or a rule refused it.</summary>
    private static void Require(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
                ? new DomainConflictException("The user was changed by someone else at the same moment. Reload and try again.")
                : IdentityFailure(result);
        }
    }

    /// <summary>Creates a user (and makes them an administrator when asked), or changes nothing and says every problem with the request.</summary>
    public static async Task<AppUser> CreateUserAsync(UserManager<AppUser> users, NewUser request, DateTimeOffset now)
    {
        var issues = new List<ValidationIssue>();
        var email = request.Email?.Trim() ?? "";
        var displayName = request.DisplayName?.Trim() ?? "";
        if (email.Length == 0 || !email.Contains('@', StringComparison.Ordinal) || email.Length > 256)
        {
            issues.Add(ValidationIssue.Field("email", "Email is required and must be an email address."));
        }

        if (displayName.Length == 0)
        {
            displayName = email;
        }
        else if (displayName.Length > AppUser.DisplayNameMaxLength)
        {
            issues.Add(ValidationIssue.Field("display_name", $"Display name must be at most {AppUser.DisplayNameMaxLength} characters."));
        }

        issues.AddRange(await PasswordIssuesAsync(users, new AppUser(), request.Password));

        if (email.Length > 0 && await users.FindByEmailAsync(email) is not null)
        {
            throw new DomainConflictException($"A user with email '{email}' already exists.");
        }

        if (issues.Count > 0)
        {
            throw new DomainValidationException(issues);
        }

        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, CreatedAt = now };
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            throw IdentityFailure(created);
        }

        if (request.IsAdministrator)
        {
            var promoted = await users.AddToRoleAsync(user, AppRoles.Administrator);
            if (!promoted.Succeeded)
            {
                await users.DeleteAsync(user);
                throw IdentityFailure(promoted);
            }
        }

        return user;
    }

    private static DomainException IdentityFailure(IdentityResult result) =>
        result.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail")
            ? new DomainConflictException(string.Join(" ", result.Errors.Select(e => e.Description)))
            : new DomainValidationException(result.Errors.Select(e => ValidationIssue.Field(e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email", e.Description)).ToList());
}
