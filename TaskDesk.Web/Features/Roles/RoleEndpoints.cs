using System.Security.Claims;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Roles;

public sealed record CreateRoleRequest(string? Name, string? Description);

public sealed record AddMemberRequest(int? UserId);

public sealed record SetMemberActiveRequest(bool? IsActive);

public sealed record RoleMemberResponse(int UserId, string Email, string DisplayName, bool IsActive, DateTimeOffset AddedAt)
{
    public static RoleMemberResponse From(RoleMemberView m) => new(m.UserId, m.Email, m.DisplayName, m.IsActive, m.AddedAt);
}

public sealed record RoleResponse(int RoleId, string Name, string Description, IReadOnlyList<RoleMemberResponse> Members)
{
    public static RoleResponse From(RoleView r) => new(r.Id, r.Name, r.Description, r.Members.Select(RoleMemberResponse.From).ToList());
}

public static class RoleEndpoints
{
    public static RouteGroupBuilder MapRoleEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/roles").WithTags("Roles").RequireAuthorization(Policies.Administrator);

        group.MapGet("/", async (RoleService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(Actor.From(user), ct)).Select(RoleResponse.From)))
            .WithSummary("List workflow roles with their members");

        group.MapPost("/", async (CreateRoleRequest body, RoleService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var role = await service.CreateAsync(Actor.From(user), body.Name, body.Description, ct);
            return TypedResults.Created($"/api/roles/{role.Id}", RoleResponse.From(role));
        }).WithSummary("Create a workflow role; answers its role_id");

        group.MapPost("/{roleId:int}/members", async (int roleId, AddMemberRequest body, RoleService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (body.UserId is not { } userId)
            {
                return (IResult)ApiProblemFilter.ValidationProblem([Domain.Common.ValidationIssue.Field("user_id", "user_id is required.")]);
            }

            var member = await service.AddMemberAsync(Actor.From(user), roleId, userId, ct);
            return TypedResults.Created($"/api/roles/{roleId}/members/{userId}", RoleMemberResponse.From(member));
        }).WithSummary("Add a user to a role (active)");

        group.MapPut("/{roleId:int}/members/{userId:int}", async (int roleId, int userId, SetMemberActiveRequest body, RoleService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (body.IsActive is not { } isActive)
            {
                return (IResult)ApiProblemFilter.ValidationProblem([Domain.Common.ValidationIssue.Field("is_active", "is_active is required.")]);
            }

            return TypedResults.Ok(RoleMemberResponse.From(await service.SetMemberActiveAsync(Actor.From(user), roleId, userId, isActive, ct)));
        }).WithSummary("Take a member out of rotation, or back in");

        group.MapDelete("/{roleId:int}/members/{userId:int}", async (int roleId, int userId, RoleService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await service.RemoveMemberAsync(Actor.From(user), roleId, userId, ct);
            return TypedResults.NoContent();
        }).WithSummary("Remove a user from a role");

        return api;
    }
}
