using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Common;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Tests.Web.Tasks;

public sealed class TransferCandidatesTests : RuntimeTest
{
    [Fact]
    public async Task Administrator_GetsTheRolesActiveMembersByName_WithoutInactiveOnes()
    {
        await AddTechnicianTomAsync();
        await SetMemberActiveAsync(TechnicianRole, "theo@tests.local", false);

        var candidates = await Candidates.TransferCandidatesAsync(await App.AdministratorAsync(), TechnicianRole);

        Assert.Equal(
            [new TransferCandidate(UserIds["tina@tests.local"], "tina", "tina@tests.local"), new TransferCandidate(UserIds["tom@tests.local"], "tom", "tom@tests.local")],
            candidates);
    }

    [Fact]
    public async Task CoordinatorOfAnOpenTask_MayList()
    {
        var coordinator = await CoordinatorOfAsync(await TaskIdOfAsync(TicketBody("TX100")));

        var candidates = await Candidates.TransferCandidatesAsync(new Actor(coordinator, false), TechnicianRole);

        Assert.Equal(["theo", "tina"], candidates.Select(c => c.DisplayName));
    }

    [Fact]
    public async Task CoordinatorWhoseTasksAreAllClosed_IsRefused()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX101"));
        var coordinator = await CoordinatorOfAsync(taskId);
        var (cancelled, body) = await PostAsync($"/api/tasks/{taskId}/cancel", new JsonObject { ["reason"] = "Raised twice." });
        Assert.True(cancelled == HttpStatusCode.OK, body.ToJsonString());

        await Assert.ThrowsAsync<AccessDeniedException>(() => Candidates.TransferCandidatesAsync(new Actor(coordinator, false), TechnicianRole));
    }

    [Fact]
    public async Task AgentWhoCoordinatesNothing_IsRefused()
    {
        await TaskIdOfAsync(TicketBody("TX102"));

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            Candidates.TransferCandidatesAsync(new Actor(UserIds["ava@tests.local"], false), TechnicianRole));
        Assert.Contains("coordinators of open tasks", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRole_IsNotFound()
    {
        var missing = await Assert.ThrowsAsync<DomainNotFoundException>(async () => await Candidates.TransferCandidatesAsync(await App.AdministratorAsync(), 999));

        Assert.Equal("Role 999 does not exist.", missing.Message);
    }

    private TransferCandidates Candidates => App.Service<TransferCandidates>();


    private async Task<int> CoordinatorOfAsync(int taskId)
    {
        await using var db = App.CreateDbContext();
        return await db.Tasks.Where(t => t.Id == taskId).Select(t => t.CoordinatorUserId!.Value).SingleAsync();
    }

    private async Task AddTechnicianTomAsync()
    {
        UserIds["tom@tests.local"] = await App.CreateUserAsync("tom@tests.local");
        await AddMemberAsync(TechnicianRole, UserIds["tom@tests.local"]);
    }
}
