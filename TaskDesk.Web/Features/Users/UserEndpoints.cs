using System.Security.Claims;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Users;

public sealed record CreateUserRequest(string? Email, string? DisplayName, string? Password, bool? IsAdministrator);

public sealed record UserResponse(int UserId, string Email, string DisplayName, bool IsAdministrator, IReadOnlyList<string> Roles)
{
    public static UserResponse From(UserView u) => new(u.Id, u.Email, u.DisplayName, u.IsAdministrator, u.Roles);
}

public static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.Administrator);

        group.MapGet("/", async (UserService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(Actor.From(user), ct)).Select(UserResponse.From)))
            .WithSummary("List users with their workflow roles");

        group.MapPost("/", async (CreateUserRequest body, UserService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(Actor.From(user), new NewUser(body.Email, body.DisplayName, body.Password, body.IsAdministrator ?? false), ct);
            return TypedResults.Created($"/api/users/{created.Id}", UserResponse.From(created));
        }).WithSummary("Create a user who can sign in; answers its user_id");

        return api;
    }
}
