using Hangfire.Dashboard;
using TaskDesk.Data.Identity;

namespace TaskDesk.Web.Infrastructure;

/// <summary>The Hangfire dashboard at /hangfire is for signed-in administrators only.</summary>
public sealed class AdministratorDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(AppRoles.Administrator);
    }
}
