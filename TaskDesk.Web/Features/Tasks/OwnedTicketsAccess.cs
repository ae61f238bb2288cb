using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Roles;

namespace TaskDesk.Web.Features.Tasks;

/// <summary>
/// Who may open Owned Tickets: administrators, members of the workflow role "Ticket Coordinator" (in rotation or not),
/// and anyone who still coordinates a task (someone taken out of the role keeps the tickets they own until they are
/// handed over). Workflow roles live in the database and change while people are signed in, so the policy asks the
/// database on each check rather than trusting a claim written at sign-in.
/// </summary>
public static class OwnedTicketsAccess
{
    public const string Policy = "OwnedTickets";

    public static IServiceCollection AddOwnedTicketsAccess(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, CoordinatorHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.RequireAuthenticatedUser().AddRequirements(new CoordinatorRequirement()));
        return services;
    }

    public static async Task<bool> IsCoordinatorAsync(TaskDeskDbContext db, int userId, CancellationToken ct = default) =>
        await db.RoleMembers.AnyAsync(m => m.UserId == userId && m.Role.Name == Role.TicketCoordinator, ct)
        || await db.Tasks.AnyAsync(t => t.CoordinatorUserId == userId, ct);

    private sealed class CoordinatorRequirement : IAuthorizationRequirement;

    private sealed class CoordinatorHandler(IDbContextFactory<TaskDeskDbContext> contexts) : AuthorizationHandler<CoordinatorRequirement>
    {
        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CoordinatorRequirement requirement)
        {
            if (context.User.IsInRole(AppRoles.Administrator))
            {
                context.Succeed(requirement);
                return;
            }

            if (!int.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
            {
                return;
            }

            await using var db = await contexts.CreateDbContextAsync();
            if (await IsCoordinatorAsync(db, userId))
            {
                context.Succeed(requirement);
            }
        }
    }
}
