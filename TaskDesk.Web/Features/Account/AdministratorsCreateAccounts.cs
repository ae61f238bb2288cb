namespace TaskDesk.Web.Features.Account;

/// <summary>
/// ASP.NET Core Identity's API maps every endpoint it has under <c>/api/auth</c>, self-registration and the
/// password-reset-by-email flow among them. In TaskDesk administrators create accounts and set passwords (Users), and
/// a signed-in user may raise tickets that are assigned to staff: an open <c>/register</c> let anyone in. Those
/// endpoints answer 404, as if they were not there, and are left out of the OpenAPI document; sign-in, refresh and a
/// user's own account (<c>/manage/info</c>) stay.
/// </summary>
public static class AdministratorsCreateAccounts
{
    // Two-factor sign-in too: the sign-in page asks for no second factor, so a user who turned it on (or anyone holding
    // their session for a moment) could never sign in on the page again.
    private static readonly string[] Closed = ["/register", "/confirmEmail", "/resendConfirmationEmail", "/forgotPassword", "/resetPassword", "/manage/2fa"];

    /// <summary>
    /// Closes the self-service endpoints of the group Identity's API is mapped on. Chosen by their route, as routing
    /// matched it, not by the request's path: a path check let <c>/register/</c> (a trailing slash) through.
    /// </summary>
    public static RouteGroupBuilder WithoutSelfService(this RouteGroupBuilder auth)
    {
        ((IEndpointConventionBuilder)auth).Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } route } && Closed.Any(closed => route.EndsWith(closed, StringComparison.OrdinalIgnoreCase)))
            {
                endpoint.Metadata.Add(new ExcludeFromDescriptionAttribute());
                endpoint.FilterFactories.Add((_, _) => _ => ValueTask.FromResult<object?>(Results.NotFound()));
            }
        });
        return auth;
    }
}
