using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Common;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.ApiKeys;

public sealed record ApiKeyView(
    int Id, string Name, string Prefix, DateTimeOffset CreatedAt, int CreatedBy, string CreatedByName, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt)
{
    public bool IsActive => RevokedAt is null;
}

/// <summary>A key just made, with its secret: the one moment the secret exists outside the caller of the API.</summary>
public sealed record CreatedApiKey(ApiKeyView Key, string Secret);

/// <summary>Keys other systems use to post tickets; administrators only. Secrets are never stored or listed, only their hash.</summary>
public sealed class ApiKeyService(IDbContextFactory<TaskDeskDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await (
                from k in db.ApiKeys.AsNoTracking()
                join u in db.Users on k.CreatedBy equals u.Id into creators
                from u in creators.DefaultIfEmpty()
                orderby k.Id
                select new ApiKeyView(k.Id, k.Name, k.Prefix, k.CreatedAt, k.CreatedBy, u == null ? "" : u.DisplayName, k.RevokedAt, k.LastUsedAt))
            .ToListAsync(ct);
    }

    public async Task<CreatedApiKey> CreateAsync(Actor actor, string? name, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new DomainValidationException("name", "A name is required, so people can tell which system uses the key.");
        }

        if (trimmed.Length > ApiKey.NameMaxLength)
        {
            throw new DomainValidationException("name", $"The name may be at most {ApiKey.NameMaxLength} characters.");
        }

        var (key, secret) = ApiKey.Create(trimmed, actor.UserId, clock.GetUtcNow());
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        var creator = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? "";
        return new CreatedApiKey(ViewOf(key, creator), secret);
    }

    /// <summary>Stops a key from authenticating. Revoking a revoked key changes nothing and is not an error.</summary>
    public async Task<ApiKeyView> RevokeAsync(Actor actor, int id, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct)
            ?? throw new DomainNotFoundException($"API key {id} does not exist.");
        key.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        var creator = await db.Users.AsNoTracking().Where(u => u.Id == key.CreatedBy).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? "";
        return ViewOf(key, creator);
    }

    private static ApiKeyView ViewOf(ApiKey key, string creator) =>
        new(key.Id, key.Name, key.Prefix, key.CreatedAt, key.CreatedBy, creator, key.RevokedAt, key.LastUsedAt);
}
