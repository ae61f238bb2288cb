namespace TaskDesk.Web.Features.Account;

/// <summary>
/// ASP.NET Core Identity's API maps every endpoint it has under <c>/api/auth</c>, self-registration and the
/// password-reset-by-email flow among them. In TaskDesk administrators create accounts and set passwords (Users), and
/// a signed-in user may raise tickets that are assigned to staff: an open <c>/register</c> let anyone in. Those
/// endpoints answer 404, as if they were not there; sign-in, refresh and a user's own account (<c>/manage</c>) stay.
/// </summary>
public static class AdministratorsCreateAccounts
{
    private static readonly string[] Closed = ["/register", "/confirmEmail", "/resendConfirmationEmail", "/forgotPassword", "/resetPassword"];

    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var path = context.HttpContext.Request.Path.Value ?? "";
        return Closed.Any(endpoint => path.EndsWith(endpoint, StringComparison.OrdinalIgnoreCase))
            ? Results.NotFound()
            : await next(context);
    }
}
