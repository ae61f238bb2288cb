using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using TaskDesk.Data.Identity;

namespace TaskDesk.Web.Features.Account;

public static class AccountEndpoints
{
    /// <summary>Sign-out is a form post (with an antiforgery token): a link that signs you out could be triggered by any page.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // The token is checked here: the antiforgery middleware only checks endpoints that bind a form.
        app.MapPost("/account/sign-out", async Task<IResult> (HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.BadRequest();
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/sign-in");
        }).ExcludeFromDescription();

        return app;
    }
}
