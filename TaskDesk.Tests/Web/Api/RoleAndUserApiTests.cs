using System.Net;
using System.Text.Json.Nodes;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Api;

public sealed class RoleAndUserApiTests : ApiTest
{
    [Fact]
    public async Task CreateRole_ReturnsItsRoleId_ADuplicateNameIs409()
    {
        var (code, role) = await PostAsync("/api/roles", new JsonObject { ["name"] = "Ticket Coordinator" });
        var (duplicate, problem) = await PostAsync("/api/roles", new JsonObject { ["name"] = "ticket coordinator" });

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.True((int)role["role_id"]! > 0);
        Assert.Equal(HttpStatusCode.Conflict, duplicate);
        Assert.Contains("already exists", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRole_WithoutAName_Is400()
    {
        var (code, problem) = await PostAsync("/api/roles", new JsonObject { ["name"] = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal(["name"], Json.ErrorKeys(problem));
    }

    [Fact]
    public async Task CreateUser_ThenMembership_AddDeactivateRemove()
    {
        var (created, user) = await PostAsync("/api/users", new JsonObject { ["email"] = "tina@tests.local", ["display_name"] = "Tina", ["password"] = TaskDeskApp.Password });
        var userId = (int)user["user_id"]!;

        var (added, member) = await PostAsync("/api/roles/2/members", new JsonObject { ["user_id"] = userId });
        var (again, _) = await PostAsync("/api/roles/2/members", new JsonObject { ["user_id"] = userId });
        var (deactivated, inactive) = await PutAsync($"/api/roles/2/members/{userId}", new JsonObject { ["is_active"] = false });
        var listed = (await GetAsync("/api/roles")).AsArray().Single(r => (int)r!["role_id"]! == 2)!["members"]!.AsArray().Single()!;
        var removed = await Admin.DeleteAsync($"/api/roles/2/members/{userId}");
        var removedAgain = await Admin.DeleteAsync($"/api/roles/2/members/{userId}");

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.Created, added);
        Assert.True((bool)member["is_active"]!);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal(HttpStatusCode.OK, deactivated);
        Assert.False((bool)inactive["is_active"]!);
        Assert.False((bool)listed["is_active"]!);
        Assert.Equal("tina@tests.local", (string)listed["email"]!);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
        Assert.Empty((await GetAsync("/api/roles")).AsArray().Single(r => (int)r!["role_id"]! == 2)!["members"]!.AsArray());
    }

    [Fact]
    public async Task TwoAdministratorsRemovingTheSameMemberAtOnce_OneRemovesIt_TheOtherIsToldWhy()
    {
        var userId = await App.CreateUserAsync("pair@tests.local");
        var (added, _) = await PostAsync("/api/roles/2/members", new JsonObject { ["user_id"] = userId });
        Assert.Equal(HttpStatusCode.Created, added);

        var removals = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Admin.DeleteAsync($"/api/roles/2/members/{userId}")));

        // The first removes it; the others find it gone (404) or lose the race to the same row (409), never a 500.
        Assert.Single(removals, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.All(removals, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.Conflict }));
        Assert.Empty((await GetAsync("/api/roles")).AsArray().Single(r => (int)r!["role_id"]! == 2)!["members"]!.AsArray());
    }

    [Fact]
    public async Task AddMember_ForAnUnknownUserOrRole_IsRefused()
    {
        var (unknownUser, problem) = await PostAsync("/api/roles/1/members", new JsonObject { ["user_id"] = 999 });
        var (unknownRole, _) = await PostAsync("/api/roles/999/members", new JsonObject { ["user_id"] = 1 });
        var (missingUserId, _) = await PostAsync("/api/roles/1/members", new JsonObject());

        Assert.Equal(HttpStatusCode.BadRequest, unknownUser);
        Assert.Equal(["user_id"], Json.ErrorKeys(problem));
        Assert.Equal(HttpStatusCode.NotFound, unknownRole);
        Assert.Equal(HttpStatusCode.BadRequest, missingUserId);
    }

    [Fact]
    public async Task CreateUser_WithABadEmailAndWeakPassword_ReportsBothAndCreatesNobody()
    {
        var before = (await GetAsync("/api/users")).AsArray().Count;

        var (code, problem) = await PostAsync("/api/users", new JsonObject { ["email"] = "not-an-email", ["password"] = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("email", Json.ErrorKeys(problem));
        Assert.Contains("password", Json.ErrorKeys(problem));
        Assert.Equal(before, (await GetAsync("/api/users")).AsArray().Count);
    }

    [Fact]
    public async Task CreateUser_WithATakenEmail_Is409()
    {
        var (code, _) = await PostAsync("/api/users", new JsonObject { ["email"] = TaskDeskApp.AdminEmail, ["password"] = TaskDeskApp.Password });

        Assert.Equal(HttpStatusCode.Conflict, code);
    }

    [Fact]
    public async Task CreatedAdministrator_CanAdministerAndCreatedAgentCannot()
    {
        await PostAsync("/api/users", new JsonObject { ["email"] = "boss@tests.local", ["password"] = TaskDeskApp.Password, ["is_administrator"] = true });
        await PostAsync("/api/users", new JsonObject { ["email"] = "agent@tests.local", ["password"] = TaskDeskApp.Password });

        var boss = await App.ClientForAsync("boss@tests.local");
        var agent = await App.ClientForAsync("agent@tests.local");

        Assert.Equal(HttpStatusCode.OK, (await boss.GetAsync("/api/roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/roles")).StatusCode);
    }
}
