using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Runtime;

public sealed class TicketLifeTests : RuntimeTest
{
    [Fact]
    public async Task SeedTicket_FromIntakeToCompletion_FollowsTheWorkflowAndTellsEveryone()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX20240115001234"));

        var created = await TaskAsync(taskId);
        Assert.Equal("pending", (string)created["status"]!);
        Assert.Equal("Triage", (string)created["current_step_name"]!);
        Assert.Equal(1, (int)created["version_number"]!);
        Assert.Contains((int)created["coordinator_user_id"]!, new[] { UserIds["cora@tests.local"], UserIds["cole@tests.local"] });

        var (triager, _) = await CurrentAssigneeAsync(taskId);
        Assert.Contains(triager, new[] { "tina@tests.local", "theo@tests.local" });
        var agent = await ClientAsync(triager);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/tasks/{taskId}/start", null)).StatusCode);
        Assert.Equal("in progress", (string)(await TaskAsync(taskId))["status"]!);

        var assign = (int)created["available_transitions"]!.AsArray().Single(t => (string)t!["name"]! == "Assign")!["transition_id"]!;
        var moved = await agent.PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new JsonObject { ["transition_id"] = assign, ["notes"] = "Needs a technician's eye." }));
        var answer = await Json.ReadAsync(moved);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.True((bool)answer["success"]!);
        Assert.Equal("Resolution", (string)answer["task"]!["current_step"]!["name"]!);
        Assert.Equal("in progress", (string)answer["task"]!["status"]!);
        Assert.Equal("Task transitioned to Resolution", (string)answer["message"]!);

        var (resolver, _) = await CurrentAssigneeAsync(taskId);
        Assert.Contains(resolver, new[] { "mia@tests.local", "max@tests.local" });
        var complete = (int)(await TaskAsync(taskId))["available_transitions"]!.AsArray().Single()!["transition_id"]!;
        var done = await Json.ReadAsync(await (await ClientAsync(resolver)).PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new JsonObject { ["transition_id"] = complete, ["notes"] = "Replaced the screen." })));

        Assert.Equal("completed", (string)done["task"]!["status"]!);
        var finished = await TaskAsync(taskId);
        Assert.Equal("Verification", (string)finished["current_step_name"]!);
        Assert.Empty(finished["available_transitions"]!.AsArray());
        Assert.All(finished["items"]!.AsArray(), i => Assert.Equal("resolved", (string)i!["item"]!["status"]!));
        var triageHistory = finished["items"]![0]!["history"]!.AsArray().Select(h => (string)h!["status"]!);
        Assert.Equal(["new", "in progress", "resolved"], triageHistory);

        await using var db = App.CreateDbContext();
        var task = await db.Tasks.SingleAsync();
        Assert.Equal("notification", task.EndLogic);
        Assert.True(task.EndLogicPending || task.EndLogicDoneAt is not null, "the end logic is recorded for its job (EndLogicTests follow it)");
        var notifications = await db.Notifications.OrderBy(n => n.Id).ToListAsync();
        Assert.Equal([TaskEventKind.NewAssignment, TaskEventKind.NewAssignment, TaskEventKind.TaskComplete], notifications.Select(n => n.Kind));
        Assert.Equal(task.CoordinatorUserId, notifications[2].UserId);

        // Each assignment's notification and email name that assignment, the one a transition made included.
        var items = await db.TaskItems.OrderBy(i => i.Id).Select(i => (int?)i.Id).ToListAsync();
        Assert.Equal(items, notifications.Take(2).Select(n => n.TaskItemId));
        Assert.Equal(items, await db.OutboxEmails.Where(e => e.Kind == TaskEventKind.NewAssignment).OrderBy(e => e.Id).Select(e => e.TaskItemId).ToListAsync());
        // The end logic's "task complete" emails come from its own job, which may or may not have run by now.
        var emails = await db.OutboxEmails.Where(e => e.Kind != TaskEventKind.TaskComplete).ToListAsync();
        Assert.Equal(2, emails.Count);
        Assert.All(emails, e => Assert.NotEqual(OutboxEmailStatus.Failed, e.Status)); // sent to the pickup folder right away
        Assert.Contains(emails, e => e.ToEmail == resolver);
    }

    [Fact]
    public async Task SlaTargets_ComeFromThePriorityAndTheStepWeight()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-SLA-1", priority: "critical"));

        var task = await TaskAsync(taskId);
        var createdAt = DateTimeOffset.Parse((string)task["created_at"]!, System.Globalization.CultureInfo.InvariantCulture);
        var target = DateTimeOffset.Parse((string)task["target_resolution"]!, System.Globalization.CultureInfo.InvariantCulture);
        var item = task["items"]![0]!["item"]!;
        var assignedOn = DateTimeOffset.Parse((string)item["assigned_on"]!, System.Globalization.CultureInfo.InvariantCulture);
        var itemTarget = DateTimeOffset.Parse((string)item["target_resolution"]!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(TimeSpan.FromHours(4), target - createdAt);
        Assert.Equal(TimeSpan.FromHours(4 * 0.2), itemTarget - assignedOn);
    }

    [Fact]
    public async Task SameTicketTwice_UpdatesTheSnapshotAndMakesOneTask()
    {
        var first = TicketBody("TX-DUP-1");
        await TaskIdOfAsync(first);
        var again = TicketBody("TX-DUP-1");
        again["subject"] = "Laptop still not working";

        var submitted = (string)(await WaitForIntakeAsync("TX-DUP-1"))["submitted_at"]!;
        await Task.Delay(20);

        var state = await TakeInAsync(again);

        // Neither body says when it was submitted: the resend keeps the time the first one was.
        Assert.Equal(submitted, (string)state["submitted_at"]!);
        Assert.Equal("Laptop still not working", (string)state["subject"]!);
        await using var db = App.CreateDbContext();
        Assert.Equal(1, await db.Tickets.CountAsync());
        Assert.Equal(1, await db.Tasks.CountAsync());
        Assert.Equal(2, (await db.Tickets.SingleAsync()).Deliveries);
    }

    [Fact]
    public async Task SameTicketAtTheSameMoment_StillOneTicketAndOneTask()
    {
        var sends = Enumerable.Range(0, 8).Select(_ => Integration.PostAsync("/api/tickets", Json.Body(TicketBody("TX-RACE-1"))));
        var responses = await Task.WhenAll(sends);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => App.Service<TaskDesk.Web.Features.Tickets.TicketService>().ProcessAsync("TX-RACE-1")));

        await WaitForIntakeAsync("TX-RACE-1");
        await using var db = App.CreateDbContext();
        Assert.Equal(1, await db.Tickets.CountAsync());
        Assert.Equal(1, await db.Tasks.CountAsync());
        Assert.Equal(1, await db.TaskItems.CountAsync());
    }

    [Fact]
    public async Task TicketNoWorkflowTakes_IsUnmatched_AndMatchedOnceOneIsInitialized()
    {
        var state = await TakeInAsync(TicketBody("TX-HR-1", department: "HR", category: "Onboarding", subCategory: ""));
        Assert.Equal("unmatched", (string)state["state"]!);
        Assert.Contains((await GetAsync("/api/tickets/unmatched")).AsArray(), t => (string)t!["ticket_number"]! == "TX-HR-1");

        var body = SeedBody();
        body["workflow"]!["name"] = "Onboarding";
        body["workflow"]!["department"] = "HR";
        body["workflow"]!["category"] = "Onboarding";
        var hr = (int)(await CreateWorkflowAsync(body))["workflow"]!["workflow_id"]!;
        await MoveAsync(hr, "deploy", "initialize");

        var matched = await WaitUntilAsync("TX-HR-1", s => (string?)s["state"] == "matched");
        Assert.Equal(hr, (int)matched["task"]!["workflow_id"]!);
        Assert.Empty((await GetAsync("/api/tickets/unmatched")).AsArray());
    }

    [Fact]
    public async Task SubCategoryOfTheTicket_WinsOverAWorkflowWithout()
    {
        var general = SeedBody();
        general["workflow"]!["name"] = "General IT";
        general["workflow"]!["sub_category"] = "";
        var generalId = (int)(await CreateWorkflowAsync(general))["workflow"]!["workflow_id"]!;
        await MoveAsync(generalId, "deploy", "initialize");

        var specific = await TakeInAsync(TicketBody("TX-SUB-1"));
        var other = await TakeInAsync(TicketBody("TX-SUB-2", subCategory: "Printers"));

        Assert.Equal(WorkflowId, (int)specific["task"]!["workflow_id"]!);
        Assert.Equal(generalId, (int)other["task"]!["workflow_id"]!);
    }

    [Fact]
    public async Task RoleWithoutActiveMembers_LeavesTheAssignmentUnassigned()
    {
        foreach (var email in new[] { "tina@tests.local", "theo@tests.local" })
        {
            var (status, _) = await PutAsync($"/api/roles/{TechnicianRole}/members/{UserIds[email]}", new JsonObject { ["is_active"] = false });
            Assert.Equal(HttpStatusCode.OK, status);
        }

        var taskId = await TaskIdOfAsync(TicketBody("TX-NOBODY-1"));

        var item = (await TaskAsync(taskId))["items"]![0]!["item"]!;
        Assert.Null(item["user_id"]);
        Assert.Equal("new", (string)item["status"]!);
        await using var db = App.CreateDbContext();
        Assert.Equal(0, await db.Notifications.CountAsync(n => n.Kind == TaskEventKind.NewAssignment));
    }

    [Fact]
    public async Task TaskInFlight_KeepsItsVersionWhenTheWorkflowIsEditedAndInitializedAgain()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-V1-1"));
        var before = await TaskAsync(taskId);
        var assign = (int)before["available_transitions"]![0]!["transition_id"]!;

        await MoveAsync(WorkflowId, "pause", "edit");
        var graph = await GetAsync($"/api/workflows/{WorkflowId}/graph");
        var nodes = graph["nodes"]!.DeepClone().AsArray();
        nodes.Single(n => (string)n!["name"]! == "Resolution")!["name"] = "Repair";
        var (saved, _) = await PutAsync($"/api/workflows/{WorkflowId}/update-graph", new JsonObject
        {
            ["nodes"] = nodes,
            ["edges"] = new JsonArray(graph["edges"]!.AsArray().Skip(1).Select(e => e!.DeepClone()).Prepend(new JsonObject
            {
                ["from_step_id"] = (int)graph["edges"]![0]!["from_step_id"]!,
                ["to_step_id"] = (int)graph["edges"]![0]!["to_step_id"]!,
                ["name"] = "Hand over",
            }).ToArray()),
        });
        Assert.Equal(HttpStatusCode.OK, saved);
        await MoveAsync(WorkflowId, "deploy", "initialize");

        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var moved = await Json.ReadAsync(await (await ClientAsync(assignee)).PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new JsonObject { ["transition_id"] = assign })));

        Assert.Equal("Resolution", (string)moved["task"]!["current_step"]!["name"]!);
        Assert.Equal(1, (int)(await TaskAsync(taskId))["version_number"]!);
        var newTask = await TaskIdOfAsync(TicketBody("TX-V2-1"));
        Assert.Equal(2, (int)(await TaskAsync(newTask))["version_number"]!);
        Assert.Equal("Hand over", (string)(await TaskAsync(newTask))["available_transitions"]![0]!["name"]!);
    }

    [Fact]
    public async Task PausingTheWorkflow_StopsNewTicketsOnly()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-PAUSE-1"));
        await MoveAsync(WorkflowId, "pause");

        var later = await TakeInAsync(TicketBody("TX-PAUSE-2"));
        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var assign = (int)(await TaskAsync(taskId))["available_transitions"]![0]!["transition_id"]!;
        var moved = await (await ClientAsync(assignee)).PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new JsonObject { ["transition_id"] = assign }));

        Assert.Equal("unmatched", (string)later["state"]!);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        await MoveAsync(WorkflowId, "resume");
        Assert.Equal("matched", (string)(await WaitUntilAsync("TX-PAUSE-2", s => (string?)s["state"] == "matched"))["state"]!);
    }

    private async Task<JsonNode> WaitUntilAsync(string number, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonNode state;
        do
        {
            state = await Json.ReadAsync(await Integration.GetAsync($"/api/tickets/{number}"));
            if (condition(state))
            {
                return state;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        return state;
    }
}
