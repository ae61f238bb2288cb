using System.Net;
using System.Text.Json.Nodes;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Runtime;

/// <summary>A deactivated user keeps their role memberships but gets no new work until reactivated.</summary>
public sealed class DeactivatedUserRotationTests : RuntimeTest
{
    [Fact]
    public async Task RoundRobin_PassesADeactivatedMemberBy_AndTransfersToThemAreRefused()
    {
        var (deactivated, _) = await PostAsync($"/api/users/{UserIds["tina@tests.local"]}/deactivate");
        Assert.Equal(HttpStatusCode.OK, deactivated);

        var first = await TaskIdOfAsync(TicketBody("TX-GONE-1"));
        var second = await TaskIdOfAsync(TicketBody("TX-GONE-2"));
        var (firstAssignee, itemId) = await CurrentAssigneeAsync(first);
        var (secondAssignee, _) = await CurrentAssigneeAsync(second);
        var (transfer, problem) = await PostAsync("/api/tasks/transfer", new JsonObject { ["task_item_id"] = itemId, ["new_user_id"] = UserIds["tina@tests.local"] });

        Assert.Equal("theo@tests.local", firstAssignee);
        Assert.Equal("theo@tests.local", secondAssignee);
        Assert.Equal(HttpStatusCode.BadRequest, transfer);
        Assert.Equal(["new_user_id"], Json.ErrorKeys(problem));
    }

    [Fact]
    public async Task RoundRobin_TakesAReactivatedMemberBackInTurn()
    {
        await PostAsync($"/api/users/{UserIds["tina@tests.local"]}/deactivate");
        var (reactivated, _) = await PostAsync($"/api/users/{UserIds["tina@tests.local"]}/reactivate");

        var assignees = new List<string>();
        foreach (var number in new[] { "TX-BACK-1", "TX-BACK-2" })
        {
            assignees.Add((await CurrentAssigneeAsync(await TaskIdOfAsync(TicketBody(number)))).Email);
        }

        Assert.Equal(HttpStatusCode.OK, reactivated);
        Assert.Equal(["theo@tests.local", "tina@tests.local"], assignees.Order());
    }
}
