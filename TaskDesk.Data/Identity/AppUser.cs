using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;

namespace TaskDesk.Data.Identity;

/// <summary>A person who signs in. The domain knows users by <see cref="IdentityUser{TKey}.Id"/> only.</summary>
public sealed class AppUser : IdentityUser<int>
{
    public const int DisplayNameMaxLength = 200;

    /// <summary>
    /// A deactivated user is locked out for good: <see cref="IdentityUser{TKey}.LockoutEnd"/> is
    /// <see cref="DateTimeOffset.MaxValue"/>. Anything from here on counts, since a provider may store the maximum a little
    /// short of it (SQLite's binary ticks drop the last digits); the lockout after failed sign-ins ends within minutes.
    /// </summary>
    public static readonly DateTimeOffset DeactivatedFrom = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Users who are not deactivated, in a query: those who may sign in, receive work and count as administrators.</summary>
    public static readonly Expression<Func<AppUser, bool>> Active = u => !u.LockoutEnabled || u.LockoutEnd == null || u.LockoutEnd < DeactivatedFrom;

    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether an administrator deactivated the user (a lockout after failed sign-ins is not that).</summary>
    public bool IsDeactivated => IsDeactivatedBy(LockoutEnabled, LockoutEnd);

    /// <summary><see cref="IsDeactivated"/> from the two columns a query read (<see cref="Active"/> is the same rule in SQL).</summary>
    public static bool IsDeactivatedBy(bool lockoutEnabled, DateTimeOffset? lockoutEnd) => lockoutEnabled && lockoutEnd >= DeactivatedFrom;
}
