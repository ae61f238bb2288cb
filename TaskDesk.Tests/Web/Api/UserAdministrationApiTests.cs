using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Data.Identity;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Api;

/// <summary>Administrators deactivate and reactivate users, set their passwords and change who is an administrator.</summary>
public sealed class UserAdministrationApiTests : ApiTest
{
    [Fact]
    public async Task Deactivate_RefusesSignInAndTheRefreshToken_ReactivateLetsThemInAgain()
    {
        var userId = await App.CreateUserAsync("leaver@tests.local");
        var (_, tokens) = await LoginAsync("leaver@tests.local", TaskDeskApp.Password);
        Assert.Equal(HttpStatusCode.OK, await RefreshAsync(tokens));

        var (deactivated, view) = await PostAsync($"/api/users/{userId}/deactivate");
        var listed = (await GetAsync("/api/users")).AsArray().Single(u => (int)u!["user_id"]! == userId)!;
        var (signIn, problem) = await LoginAsync("leaver@tests.local", TaskDeskApp.Password);
        var refresh = await RefreshAsync(tokens);

        Assert.Equal(HttpStatusCode.OK, deactivated);
        Assert.False((bool)view["is_active"]!);
        Assert.False((bool)listed["is_active"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn);
        Assert.Equal("LockedOut", (string?)problem["detail"]);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh);

        var (reactivated, again) = await PostAsync($"/api/users/{userId}/reactivate");
        var (signInAgain, _) = await LoginAsync("leaver@tests.local", TaskDeskApp.Password);

        Assert.Equal(HttpStatusCode.OK, reactivated);
        Assert.True((bool)again["is_active"]!);
        Assert.Equal(HttpStatusCode.OK, signInAgain);
    }

    [Fact]
    public async Task SetPassword_TheOldOneNoLongerSignsIn_TheNewOneDoes_AndOldRefreshTokensAreRefused()
    {
        var userId = await App.CreateUserAsync("forgetful@tests.local");
        var (_, tokens) = await LoginAsync("forgetful@tests.local", TaskDeskApp.Password);
        Assert.Equal(HttpStatusCode.OK, await RefreshAsync(tokens));

        var (set, _) = await PutAsync($"/api/users/{userId}/password", new JsonObject { ["password"] = "Brand-new-2" });
        var (oldPassword, _) = await LoginAsync("forgetful@tests.local", TaskDeskApp.Password);
        var (newPassword, _) = await LoginAsync("forgetful@tests.local", "Brand-new-2");
        var refresh = await RefreshAsync(tokens);

        Assert.Equal(HttpStatusCode.OK, set);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword);
        Assert.Equal(HttpStatusCode.OK, newPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh);
    }

    [Fact]
    public async Task SetPassword_AWeakOne_Is400NamingPassword_AndTheOldOneStillWorks()
    {
        var userId = await App.CreateUserAsync("weak@tests.local");

        var (code, problem) = await PutAsync($"/api/users/{userId}/password", new JsonObject { ["password"] = "short" });
        var (missing, missingProblem) = await PutAsync($"/api/users/{userId}/password", new JsonObject());
        var (signIn, _) = await LoginAsync("weak@tests.local", TaskDeskApp.Password);

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal(["password"], Json.ErrorKeys(problem));
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal(["password"], Json.ErrorKeys(missingProblem));
        Assert.Equal(HttpStatusCode.OK, signIn);
    }

    [Fact]
    public async Task SetAdministrator_GrantsAndRevokesTheRole()
    {
        var userId = await App.CreateUserAsync("deputy@tests.local");

        var (granted, view) = await PutAsync($"/api/users/{userId}/administrator", new JsonObject { ["is_administrator"] = true });
        var asAdministrator = await App.ClientForAsync("deputy@tests.local");
        var rolesAsAdministrator = await asAdministrator.GetAsync("/api/roles");
        var (revoked, after) = await PutAsync($"/api/users/{userId}/administrator", new JsonObject { ["is_administrator"] = false });
        var asAgent = await App.ClientForAsync("deputy@tests.local");
        var rolesAsAgent = await asAgent.GetAsync("/api/roles");
        var (missing, problem) = await PutAsync($"/api/users/{userId}/administrator", new JsonObject());

        Assert.Equal(HttpStatusCode.OK, granted);
        Assert.True((bool)view["is_administrator"]!);
        Assert.Equal(HttpStatusCode.OK, rolesAsAdministrator.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoked);
        Assert.False((bool)after["is_administrator"]!);
        Assert.Equal(HttpStatusCode.Forbidden, rolesAsAgent.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal(["is_administrator"], Json.ErrorKeys(problem));
    }

    [Fact]
    public async Task AnAdministrator_CannotDeactivateThemselves_NorRemoveTheirOwnRole()
    {
        var rootId = await IdOfAsync(TaskDeskApp.AdminEmail);

        var (deactivate, deactivateProblem) = await PostAsync($"/api/users/{rootId}/deactivate");
        var (demote, demoteProblem) = await PutAsync($"/api/users/{rootId}/administrator", new JsonObject { ["is_administrator"] = false });

        Assert.Equal(HttpStatusCode.Conflict, deactivate);
        Assert.Contains("yourself", (string)deactivateProblem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, demote);
        Assert.Contains("your own administrator role", (string)demoteProblem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(TaskDeskApp.AdminEmail, TaskDeskApp.Password)).Status);
        Assert.True((bool)(await GetAsync("/api/users")).AsArray().Single(u => (int)u!["user_id"]! == rootId)!["is_administrator"]!);
    }

    [Fact]
    public async Task TheLastActiveAdministrator_CannotBeDemotedOrDeactivated()
    {
        // The deputy's token still says Administrator after the root administrator demoted them (a bearer token keeps its
        // claims until it expires), as a second administrator acting at the same moment would.
        var rootId = await IdOfAsync(TaskDeskApp.AdminEmail);
        var deputyId = await App.CreateUserAsync("deputy@tests.local", isAdministrator: true);
        var deputy = await App.ClientForAsync("deputy@tests.local");
        var (demoted, _) = await PutAsync($"/api/users/{deputyId}/administrator", new JsonObject { ["is_administrator"] = false });

        var demote = await deputy.PutAsync($"/api/users/{rootId}/administrator", Json.Body(new JsonObject { ["is_administrator"] = false }));
        var deactivate = await deputy.PostAsync($"/api/users/{rootId}/deactivate", null);

        Assert.Equal(HttpStatusCode.OK, demoted);
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Contains("no active administrator", (string)(await Json.ReadAsync(demote))["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, deactivate.StatusCode);
        Assert.Contains("no active administrator", (string)(await Json.ReadAsync(deactivate))["detail"]!, StringComparison.Ordinal);
        var root = (await GetAsync("/api/users")).AsArray().Single(u => (int)u!["user_id"]! == rootId)!;
        Assert.True((bool)root["is_administrator"]!);
        Assert.True((bool)root["is_active"]!);
    }

    [Fact]
    public async Task TwoAdministratorsDeactivatingEachOtherAtOnce_OneSucceeds_TheOtherIsRefused()
    {
        var rootId = await IdOfAsync(TaskDeskApp.AdminEmail);
        var deputyId = await App.CreateUserAsync("deputy@tests.local", isAdministrator: true);
        var deputy = await App.ClientForAsync("deputy@tests.local");

        var answers = await Task.WhenAll(
            Admin.PostAsync($"/api/users/{deputyId}/deactivate", null),
            deputy.PostAsync($"/api/users/{rootId}/deactivate", null));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
        await using var db = App.CreateDbContext();
        var active = await db.Users.Where(AppUser.Active).Where(u => u.Id == rootId || u.Id == deputyId).CountAsync();
        Assert.Equal(1, active);
    }

    [Fact]
    public async Task AnUnknownUser_Is404_ForEveryAction()
    {
        var answers = new[]
        {
            (await PostAsync("/api/users/999/deactivate")).Status,
            (await PostAsync("/api/users/999/reactivate")).Status,
            (await PutAsync("/api/users/999/password", new JsonObject { ["password"] = "Brand-new-2" })).Status,
            (await PutAsync("/api/users/999/administrator", new JsonObject { ["is_administrator"] = true })).Status,
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NotFound, a));
    }

    [Fact]
    public async Task SomeoneNotAnAdministrator_IsForbidden()
    {
        var userId = await App.CreateUserAsync("agent@tests.local");
        var agent = await App.ClientForAsync("agent@tests.local");

        var answer = await agent.PostAsync($"/api/users/{userId}/deactivate", null);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> LoginAsync(string email, string password)
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password });
        return (response.StatusCode, await Json.ReadAsync(response));
    }

    private async Task<HttpStatusCode> RefreshAsync(JsonNode tokens) =>
        (await App.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refresh_token = (string)tokens["refresh_token"]! })).StatusCode;

    private async Task<int> IdOfAsync(string email)
    {
        await using var db = App.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }
}
