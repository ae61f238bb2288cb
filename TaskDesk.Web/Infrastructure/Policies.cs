using TaskDesk.Data.Identity;
using TaskDesk.Web.Features.ApiKeys;

namespace TaskDesk.Web.Infrastructure;

public static class Policies
{
    public const string Administrator = nameof(Administrator);

    /// <summary>Posting tickets: another system with an API key, or an administrator signed in (cookie or bearer token).</summary>
    public const string TicketIntake = nameof(TicketIntake);

    // Identity's scheme for "bearer token, else cookie" (the default AddIdentityApiEndpoints sets); its constant is
    // internal (dotnet/aspnetcore#49957). A test checks every scheme the policies name is registered.
    private const string IdentityBearerAndApplicationScheme = "Identity.BearerAndApplication";

    public static IServiceCollection AddTaskDeskAuthorization(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(Administrator, policy => policy.RequireAuthenticatedUser().RequireRole(AppRoles.Administrator))
            .AddPolicy(TicketIntake, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthentication.Scheme, IdentityBearerAndApplicationScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.IsInRole(AppRoles.Administrator) || ApiKeyAuthentication.IsApiKey(context.User)))
            .Services;
}
