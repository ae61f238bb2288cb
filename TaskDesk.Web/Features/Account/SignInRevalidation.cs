using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TaskDesk.Data.Identity;

namespace TaskDesk.Web.Features.Account;

/// <summary>
/// Who is signed in is checked again while they stay: a page's circuit outlives the request that opened it, and a
/// cookie is only checked against the user now and then. Deactivating a user, setting their password or removing their
/// administrator role changes their security stamp; at the next check their open pages sign out and their cookie is refused.
/// </summary>
public static class SignInRevalidation
{
    /// <summary>How often: Identity's default for cookies is 30 minutes, long for a leaving employee.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddSignInRevalidation(this IServiceCollection services)
    {
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.Configure<SecurityStampValidatorOptions>(stamps => stamps.ValidationInterval = Interval);
        return services;
    }
}

/// <summary>The Blazor template's provider: a circuit keeps its user while the user exists, is not deactivated and has the same security stamp.</summary>
public sealed class IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => SignInRevalidation.Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillValidAsync(authenticationState.User);

    internal async Task<bool> IsStillValidAsync(ClaimsPrincipal principal)
    {
        // A circuit lives for hours; Identity's stores hold a DbContext, so each check gets a scope of its own (and reads the user afresh).
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.GetUserAsync(principal) is not { } user || user.IsDeactivated)
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        var principalStamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await users.GetSecurityStampAsync(user);
    }
}
