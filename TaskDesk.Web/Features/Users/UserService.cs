using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Common;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Users;

public sealed record UserView(int Id, string Email, string DisplayName, bool IsAdministrator, IReadOnlyList<string> Roles);

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
            .Select(u => new { u.Id, u.Email, u.DisplayName })
            .ToListAsync(ct);
        return all.Select(u => new UserView(u.Id, u.Email ?? "", u.DisplayName, adminIds.Contains(u.Id), memberships[u.Id].ToList())).ToList();
    }

    public async Task<UserView> CreateAsync(Actor actor, NewUser request, CancellationToken ct = default)
    {
        actor.RequireAdministrator();

        // Identity's stores hold a DbContext; a scope per operation keeps it from living as long as a Blazor circuit.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await CreateUserAsync(users, request, clock.GetUtcNow());
        return new UserView(user.Id, user.Email ?? "", user.DisplayName, request.IsAdministrator, []);
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

        if (string.IsNullOrEmpty(request.Password))
        {
            issues.Add(ValidationIssue.Field("password", "Password is required."));
        }
        else
        {
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, new AppUser(), request.Password);
                issues.AddRange(result.Errors.Select(e => ValidationIssue.Field("password", e.Description)));
            }
        }

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
