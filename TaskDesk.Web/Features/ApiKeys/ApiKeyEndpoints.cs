using System.Security.Claims;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.ApiKeys;

public sealed record CreateApiKeyRequest(string? Name);

public sealed record ApiKeyResponse(
    int ApiKeyId, string Name, string Prefix, bool IsActive, DateTimeOffset CreatedAt, int CreatedBy, string CreatedByName, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt)
{
    public static ApiKeyResponse From(ApiKeyView k) => new(k.Id, k.Name, k.Prefix, k.IsActive, k.CreatedAt, k.CreatedBy, k.CreatedByName, k.RevokedAt, k.LastUsedAt);
}

/// <summary>The answer to creating a key: the only response that ever carries <see cref="Key"/>.</summary>
public sealed record CreatedApiKeyResponse(
    int ApiKeyId, string Name, string Prefix, string Key, bool IsActive, DateTimeOffset CreatedAt, int CreatedBy, string CreatedByName)
{
    public static CreatedApiKeyResponse From(CreatedApiKey created) =>
        new(created.Key.Id, created.Key.Name, created.Key.Prefix, created.Secret, created.Key.IsActive, created.Key.CreatedAt, created.Key.CreatedBy, created.Key.CreatedByName);
}

public static class ApiKeyEndpoints
{
    public static RouteGroupBuilder MapApiKeyEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/api-keys").WithTags("API keys").RequireAuthorization(Policies.Administrator);

        group.MapGet("/", async (ApiKeyService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(Actor.From(user), ct)).Select(ApiKeyResponse.From)))
            .WithSummary("List API keys (never their secrets)");

        group.MapPost("/", async (CreateApiKeyRequest body, ApiKeyService service, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(Actor.From(user), body.Name, ct);
            // The secret must not linger in a cache between here and the caller.
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Created($"/api/api-keys/{created.Key.Id}", CreatedApiKeyResponse.From(created));
        }).WithSummary("Create an API key; the answer's key is the only time the secret is shown");

        group.MapDelete("/{id:int}", async (int id, ApiKeyService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await service.RevokeAsync(Actor.From(user), id, ct);
            return TypedResults.NoContent();
        }).WithSummary("Revoke an API key; revoking it again changes nothing");

        return api;
    }
}
