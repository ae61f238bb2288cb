using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TaskDesk.Data;
using TaskDesk.Data.Identity;

namespace TaskDesk.Web.Features.ApiKeys;

/// <summary>
/// Other systems authenticate with an API key in <c>X-Api-Key</c> (or <c>Authorization: ApiKey &lt;key&gt;</c>).
/// The principal is the key, not a user: it carries <see cref="KeyIdClaim"/> and no roles.
/// </summary>
public static class ApiKeyAuthentication
{
    public const string Scheme = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string KeyIdClaim = "taskdesk:api_key_id";

    /// <summary>Registers the scheme without making it a default, so only policies that name it accept keys.</summary>
    public static AuthenticationBuilder AddApiKeyAuthentication(this AuthenticationBuilder authentication) =>
        authentication.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(Scheme, "API key", configureOptions: null);

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddApiKeyAuthentication();
        return services;
    }

    /// <summary>Whether the principal was authenticated by an API key (the claim counts only on this scheme's identity).</summary>
    public static bool IsApiKey(ClaimsPrincipal principal) =>
        principal.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == Scheme && i.HasClaim(c => c.Type == KeyIdClaim));

    /// <summary>The key's id, when the principal is an API key.</summary>
    public static int? KeyIdOf(ClaimsPrincipal principal) =>
        principal.Identities.Where(i => i.IsAuthenticated && i.AuthenticationType == Scheme).Select(i => i.FindFirst(KeyIdClaim)?.Value).FirstOrDefault(v => v is not null) is { } id
        && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var keyId)
            ? keyId
            : null;
}

public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<TaskDeskDbContext> contexts,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Last-used is a hint for people, not an audit log: one write a minute per key keeps busy keys off the database.</summary>
    public static readonly TimeSpan UsageResolution = TimeSpan.FromMinutes(1);

    private const string AuthorizationPrefix = ApiKeyAuthentication.Scheme + " ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (found, presented) = ReadKey(Request);
        if (!found)
        {
            return AuthenticateResult.NoResult();
        }

        if (string.IsNullOrWhiteSpace(presented))
        {
            return AuthenticateResult.Fail("The API key is missing from the header.");
        }

        var ct = Context.RequestAborted;
        var hash = ApiKey.HashOf(presented.Trim());
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash)
            .Select(k => new { k.Id, k.Name, k.RevokedAt, k.LastUsedAt })
            .SingleOrDefaultAsync(ct);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        if (key.RevokedAt is not null)
        {
            return AuthenticateResult.Fail("The API key has been revoked.");
        }

        var now = clock.GetUtcNow();
        var since = now - UsageResolution;
        if (key.LastUsedAt is null || key.LastUsedAt < since)
        {
            try
            {
                // The condition is repeated in SQL so concurrent requests with the same key write at most once.
                await db.ApiKeys
                    .Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt < since))
                    .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), ct);
            }
            catch (DbException e)
            {
                // A busy database must not turn a valid key away; the hint is written on a later request.
                Logger.LogWarning(e, "Could not record the use of API key {ApiKeyId}.", key.Id);
            }
        }

        var id = key.Id.ToString(CultureInfo.InvariantCulture);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, "apikey:" + id),
                new Claim(ClaimTypes.Name, key.Name),
                new Claim(ApiKeyAuthentication.KeyIdClaim, id),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, ApiKeyAuthentication.Scheme);
        return Task.CompletedTask;
    }

    /// <summary>Whether the request presents a key at all, and the key it presents.</summary>
    private static (bool Found, string? Key) ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(ApiKeyAuthentication.HeaderName, out var header))
        {
            // Two keys in one request is ambiguous: treat it as no valid key rather than pick one.
            return (true, header.Count == 1 ? header[0] : null);
        }

        foreach (var authorization in request.Headers.Authorization)
        {
            if (authorization is not null && authorization.StartsWith(AuthorizationPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return (true, authorization[AuthorizationPrefix.Length..]);
            }
        }

        return (false, null);
    }
}
