using System.Security.Claims;
using TaskDesk.Domain.Common;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Users;

public sealed record CreateUserRequest(string? Email, string? DisplayName, string? Password, bool? IsAdministrator);

public sealed record SetPasswordRequest(string? Password);

public sealed record SetAdministratorRequest(bool? IsAdministrator);

public sealed record UserResponse(int UserId, string Email, string DisplayName, bool IsAdministrator, bool IsActive, IReadOnlyList<string> Roles)
{
    public static UserResponse From(UserView u) => new(u.Id, u.Email, u.DisplayName, u.IsAdministrator, u.IsActive, u.Roles);
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

        group.MapPost("/{id:int}/deactivate", async (int id, UserService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(UserResponse.From(await service.DeactivateAsync(Actor.From(user), id, ct))))
            .WithSummary("Stop a user from signing in; their sessions end at the next check (409 for yourself or the last active administrator)");

        group.MapPost("/{id:int}/reactivate", async (int id, UserService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(UserResponse.From(await service.ReactivateAsync(Actor.From(user), id, ct))))
            .WithSummary("Let a deactivated user sign in again");

        group.MapPut("/{id:int}/password", async (int id, SetPasswordRequest body, UserService service, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(UserResponse.From(await service.SetPasswordAsync(Actor.From(user), id, body.Password, ct))))
            .WithSummary("Set a user's password (Identity's password rules); their sessions end at the next check");

        group.MapPut("/{id:int}/administrator", async (int id, SetAdministratorRequest body, UserService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (body.IsAdministrator is not { } isAdministrator)
            {
                return (IResult)ApiProblemFilter.ValidationProblem([ValidationIssue.Field("is_administrator", "is_administrator (true or false) is required.")]);
            }

            return TypedResults.Ok(UserResponse.From(await service.SetAdministratorAsync(Actor.From(user), id, isAdministrator, ct)));
        }).WithSummary("Make a user an administrator or no longer one (409 for your own role or the last active administrator)");

        return api;
    }
}
