using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Tickets;

namespace TaskDesk.Tests.Web.Runtime;

public sealed class ConcurrencyTests : RuntimeTest
{
    [Fact]
    public async Task RoundRobin_ManyIntakesAtOnce_GiveEachActiveMemberTheSameShare()
    {
        // Three technicians (one of them added now), two coordinators; an inactive technician is skipped.
        UserIds["tom@tests.local"] = await App.CreateUserAsync("tom@tests.local");
        await AddMemberAsync(TechnicianRole, UserIds["tom@tests.local"]);
        UserIds["ivy@tests.local"] = await App.CreateUserAsync("ivy@tests.local");
        await AddMemberAsync(TechnicianRole, UserIds["ivy@tests.local"]);
        var (deactivated, _) = await PutAsync($"/api/roles/{TechnicianRole}/members/{UserIds["ivy@tests.local"]}", new JsonObject { ["is_active"] = false });
        Assert.Equal(HttpStatusCode.OK, deactivated);

        const int tickets = 24;
        var numbers = Enumerable.Range(1, tickets).Select(i => $"TX-RR-{i:000}").ToList();
        var intake = App.Service<TicketService>();
        foreach (var number in numbers)
        {
            var response = await Integration.PostAsync("/api/tickets", Json.Body(TicketBody(number)));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // The background jobs and these direct runs race for every ticket; each ticket still gets one task.
        await Task.WhenAll(numbers.Select(n => Task.Run(() => intake.ProcessAsync(n))));
        foreach (var number in numbers)
        {
            await WaitForIntakeAsync(number);
        }

        await using var db = App.CreateDbContext();
        Assert.Equal(tickets, await db.Tasks.CountAsync());
        var perTechnician = await db.TaskItems.GroupBy(i => i.UserId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.Equal(3, perTechnician.Count);
        Assert.All(perTechnician, p => Assert.Equal(tickets / 3, p.Count));
        Assert.DoesNotContain(perTechnician, p => p.Key == UserIds["ivy@tests.local"]);
        var perCoordinator = await db.Tasks.GroupBy(t => t.CoordinatorUserId).Select(g => g.Count()).ToListAsync();
        Assert.Equal([tickets / 2, tickets / 2], perCoordinator);
    }

    [Fact]
    public async Task TwoTransitionsOfOneTaskAtOnce_ExactlyOneWinsAndNothingIsHalfDone()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-RACE-T"));
        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var assign = (int)(await TaskAsync(taskId))["available_transitions"]![0]!["transition_id"]!;
        var first = await ClientAsync(assignee);
        var second = await ClientAsync(assignee);

        var responses = await Task.WhenAll(
            first.PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new JsonObject { ["transition_id"] = assign, ["notes"] = "first" })),
            second.PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new JsonObject { ["transition_id"] = assign, ["notes"] = "second" })));

        var codes = responses.Select(r => r.StatusCode).Order().ToList();
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], codes);
        await using var db = App.CreateDbContext();
        var items = await db.TaskItems.Where(i => i.TaskId == taskId).OrderBy(i => i.Id).ToListAsync();
        Assert.Equal(2, items.Count);
        Assert.Equal(1, await db.TaskActivities.CountAsync(a => a.TaskId == taskId && a.Kind == TaskDesk.Domain.Tasks.TaskActivityKind.Transitioned));
        Assert.Equal(1, await db.TaskItemHistory.CountAsync(h => h.TaskItemId == items[0].Id && h.Status == TaskDesk.Domain.Tasks.AssignmentStatus.Resolved));
    }
}
