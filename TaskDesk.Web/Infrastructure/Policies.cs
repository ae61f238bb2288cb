using TaskDesk.Data.Identity;

namespace TaskDesk.Web.Infrastructure;

public static class Policies
{
    public const string Administrator = nameof(Administrator);

    public static IServiceCollection AddTaskDeskAuthorization(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(Administrator, policy => policy.RequireAuthenticatedUser().RequireRole(AppRoles.Administrator))
            .Services;
}
