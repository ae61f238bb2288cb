using System.Security.Cryptography;
using System.Text;

namespace TaskDesk.Data.Identity;

/// <summary>
/// A key another system presents to post tickets. Only a hash is stored: the key itself is shown once, when created.
/// <see cref="Prefix"/> (the key's first characters) lets people tell keys apart without revealing them.
/// </summary>
public sealed class ApiKey
{
    public const int NameMaxLength = 100;
    public const int PrefixLength = 8;

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Prefix { get; private set; } = "";

    public string Hash { get; private set; } = "";

    public int CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    /// <summary>Makes a new key; the returned secret is the only time anyone sees it.</summary>
    public static (ApiKey Key, string Secret) Create(string name, int createdBy, DateTimeOffset now)
    {
        var secret = "tdk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var key = new ApiKey
        {
            Name = name.Trim(),
            Prefix = secret[..(4 + PrefixLength)],
            Hash = HashOf(secret),
            CreatedBy = createdBy,
            CreatedAt = now,
        };
        return (key, secret);
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    public void MarkUsed(DateTimeOffset now) => LastUsedAt = now;
}
