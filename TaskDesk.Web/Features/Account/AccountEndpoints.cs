using Microsoft.AspNetCore.Identity;
using TaskDesk.Data.Identity;

namespace TaskDesk.Web.Features.Account;

public static class AccountEndpoints
{
    /// <summary>Sign-out is a form post (with an antiforgery token): a link that signs you out could be triggered by any page.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/sign-out", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/sign-in");
        }).ExcludeFromDescription();

        return app;
    }
}
