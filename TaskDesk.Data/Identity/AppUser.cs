using Microsoft.AspNetCore.Identity;

namespace TaskDesk.Data.Identity;

/// <summary>A person who signs in. The domain knows users by <see cref="IdentityUser{TKey}.Id"/> only.</summary>
public sealed class AppUser : IdentityUser<int>
{
    public const int DisplayNameMaxLength = 200;

    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
