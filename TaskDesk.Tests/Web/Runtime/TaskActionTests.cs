using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using TaskDesk.Data;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Email;
using TaskDesk.Web.Features.EndLogicRuns;
using TaskDesk.Web.Features.Tasks;

namespace TaskDesk.Tests.Web.Runtime;

public sealed class TaskActionTests : RuntimeTest
{
    [Fact]
    public async Task Transfer_ByTheCoordinator_HandsTheAssignmentToAnotherMemberOfTheRole()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-TR-1"));
        var (assignee, itemId) = await CurrentAssigneeAsync(taskId);
        var other = assignee == "tina@tests.local" ? "theo@tests.local" : "tina@tests.local";
        var coordinatorId = (int)(await TaskAsync(taskId))["coordinator_user_id"]!;
        var coordinator = UserIds.Single(p => p.Value == coordinatorId).Key;

        var response = await (await ClientAsync(coordinator)).PostAsync("/api/tasks/transfer", Json.Body(new JsonObject { ["task_item_id"] = itemId, ["new_user_id"] = UserIds[other], ["notes"] = "Transferred to specialist" }));
        var created = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Transferred", (string)created["origin"]!);
        Assert.Equal(UserIds[other], (int)created["user_id"]!);
        Assert.Equal((other, (int)created["task_item_id"]!), await CurrentAssigneeAsync(taskId));
        var old = (await TaskAsync(taskId))["items"]!.AsArray().Single(i => (int)i!["item"]!["task_item_id"]! == itemId)!;
        Assert.Equal("reassigned", (string)old["item"]!["status"]!);
        await using var db = App.CreateDbContext();
        Assert.True(await db.Notifications.AnyAsync(n => n.Kind == TaskEventKind.Transfer && n.UserId == UserIds[other]));
        Assert.True(await db.OutboxEmails.AnyAsync(e => e.Kind == TaskEventKind.Transfer && e.ToEmail == other));
    }

    [Fact]
    public async Task Transfer_ToSomeoneOutsideTheRole_Is400_ToAnUnknownUser_Is404_ByTheAssignee_Is403()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-TR-2"));
        var (assignee, itemId) = await CurrentAssigneeAsync(taskId);

        var outsider = await Admin.PostAsync("/api/tasks/transfer", Json.Body(new JsonObject { ["task_item_id"] = itemId, ["new_user_id"] = UserIds["ava@tests.local"] }));
        var unknown = await Admin.PostAsync("/api/tasks/transfer", Json.Body(new JsonObject { ["task_item_id"] = itemId, ["new_user_id"] = 9999 }));
        var unknownItem = await Admin.PostAsync("/api/tasks/transfer", Json.Body(new JsonObject { ["task_item_id"] = 9999, ["new_user_id"] = UserIds["tina@tests.local"] }));
        var notTheirs = await (await ClientAsync(assignee)).PostAsync("/api/tasks/transfer", Json.Body(new JsonObject { ["task_item_id"] = itemId, ["new_user_id"] = UserIds["tina@tests.local"] }));
        var missing = await Admin.PostAsync("/api/tasks/transfer", Json.Body(new JsonObject()));

        Assert.Equal(HttpStatusCode.BadRequest, outsider.StatusCode);
        Assert.Contains("new_user_id", Json.ErrorKeys(await Json.ReadAsync(outsider)));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownItem.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["new_user_id", "task_item_id"], Json.ErrorKeys(await Json.ReadAsync(missing)).Order());
        Assert.Equal((assignee, itemId), await CurrentAssigneeAsync(taskId));
    }

    [Fact]
    public async Task Escalate_AStepWithAnEscalationRole_AssignsThatRole_WithoutOne_Is400()
    {
        var graph = await GetAsync($"/api/workflows/{WorkflowId}/graph");
        Assert.All(graph["nodes"]!.AsArray(), n => Assert.Null(n!["escalate_to"]));
        var taskId = await TaskIdOfAsync(TicketBody("TX-ESC-1"));
        var (assignee, itemId) = await CurrentAssigneeAsync(taskId);

        var refused = await (await ClientAsync(assignee)).PostAsync("/api/tasks/escalate", Json.Body(new JsonObject { ["task_item_id"] = itemId, ["reason"] = "Customer requests manager involvement" }));
        var problem = await Json.ReadAsync(refused);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("No escalation role configured for this step", Json.AllErrorMessages(problem), StringComparison.Ordinal);
        Assert.Equal((assignee, itemId), await CurrentAssigneeAsync(taskId));

        // A second workflow whose first step escalates to Manager.
        var body = SeedBody();
        body["workflow"]!["name"] = "Escalating";
        body["workflow"]!["department"] = "Facilities";
        body["graph"]!["nodes"]![0]!["escalate_to"] = ManagerRole;
        var escalating = (int)(await CreateWorkflowAsync(body))["workflow"]!["workflow_id"]!;
        await MoveAsync(escalating, "deploy", "initialize");
        var otherTask = await TaskIdOfAsync(TicketBody("TX-ESC-2", department: "Facilities"));
        var (triager, triageItem) = await CurrentAssigneeAsync(otherTask);

        var escalated = await (await ClientAsync(triager)).PostAsync("/api/tasks/escalate", Json.Body(new JsonObject { ["task_item_id"] = triageItem, ["reason"] = "Customer requests manager involvement" }));
        var created = await Json.ReadAsync(escalated);

        Assert.Equal(HttpStatusCode.OK, escalated.StatusCode);
        Assert.Equal("Escalation", (string)created["origin"]!);
        Assert.Equal(ManagerRole, (int)created["role_id"]!);
        Assert.Contains((int)created["user_id"]!, new[] { UserIds["mia@tests.local"], UserIds["max@tests.local"] });
        var old = (await TaskAsync(otherTask))["items"]!.AsArray().Single(i => (int)i!["item"]!["task_item_id"]! == triageItem)!;
        Assert.Equal("escalated", (string)old["item"]!["status"]!);
    }

    [Fact]
    public async Task HoldResumeAndCancel_FollowTheSeedsDiagram()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-HOLD-1"));
        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var agent = await ClientAsync(assignee);

        var holdPending = await agent.PostAsync($"/api/tasks/{taskId}/hold", Json.Body(new JsonObject { ["reason"] = "Waiting for parts" }));
        Assert.Equal(HttpStatusCode.Conflict, holdPending.StatusCode);
        Assert.Contains("is pending", (string)(await Json.ReadAsync(holdPending))["detail"]!, StringComparison.Ordinal);

        await agent.PostAsync($"/api/tasks/{taskId}/start", null);
        var noReason = await agent.PostAsync($"/api/tasks/{taskId}/hold", Json.Body(new JsonObject { ["reason"] = "" }));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(["reason"], Json.ErrorKeys(await Json.ReadAsync(noReason)));

        var held = await agent.PostAsync($"/api/tasks/{taskId}/hold", Json.Body(new JsonObject { ["reason"] = "Waiting for parts" }));
        Assert.Equal("on_hold", (string)(await Json.ReadAsync(held))["task"]!["status"]!);
        var assign = (int)(await GetAsync($"/api/workflows/{WorkflowId}/graph"))["edges"]!.AsArray().Single(e => (string)e!["name"]! == "Assign")!["transition_id"]!;
        var transitionOnHold = await agent.PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new JsonObject { ["transition_id"] = assign }));
        Assert.Equal(HttpStatusCode.Conflict, transitionOnHold.StatusCode);
        Assert.Contains("is on_hold", (string)(await Json.ReadAsync(transitionOnHold))["detail"]!, StringComparison.Ordinal);

        var resumed = await agent.PostAsync($"/api/tasks/{taskId}/resume", Json.Body(new JsonObject { ["reason"] = "Parts arrived" }));
        Assert.Equal("in progress", (string)(await Json.ReadAsync(resumed))["task"]!["status"]!);

        var cancelStarted = await Admin.PostAsync($"/api/tasks/{taskId}/cancel", Json.Body(new JsonObject { ["reason"] = "Duplicate" }));
        Assert.Equal(HttpStatusCode.Conflict, cancelStarted.StatusCode);
        Assert.Contains("is in progress", (string)(await Json.ReadAsync(cancelStarted))["detail"]!, StringComparison.Ordinal);

        var fresh = await TaskIdOfAsync(TicketBody("TX-HOLD-2"));
        var cancelledByAgent = await agent.PostAsync($"/api/tasks/{fresh}/cancel", Json.Body(new JsonObject { ["reason"] = "Duplicate" }));
        var cancelled = await Admin.PostAsync($"/api/tasks/{fresh}/cancel", Json.Body(new JsonObject { ["reason"] = "Duplicate of TX-HOLD-1" }));
        Assert.Equal(HttpStatusCode.Forbidden, cancelledByAgent.StatusCode);
        Assert.Equal("cancelled", (string)(await Json.ReadAsync(cancelled))["task"]!["status"]!);
    }

    [Fact]
    public async Task Transition_Refusals_ChangeNothing()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-REF-1"));
        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var agent = await ClientAsync(assignee);
        var stranger = await ClientAsync("ava@tests.local");
        var edges = (await GetAsync($"/api/workflows/{WorkflowId}/graph"))["edges"]!.AsArray();
        var complete = (int)edges.Single(e => (string)e!["name"]! == "Complete")!["transition_id"]!;
        var assign = (int)edges.Single(e => (string)e!["name"]! == "Assign")!["transition_id"]!;

        var wrongStep = await agent.PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new JsonObject { ["transition_id"] = complete }));
        var unknown = await agent.PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new JsonObject { ["transition_id"] = 9999 }));
        var notTheirs = await stranger.PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new JsonObject { ["transition_id"] = assign }));
        var unknownTask = await agent.PostAsync("/api/transitions/9999/transition", Json.Body(new JsonObject { ["transition_id"] = assign }));
        var missing = await agent.PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new JsonObject()));
        var notSeen = await stranger.GetAsync($"/api/tasks/{taskId}");

        Assert.Equal(HttpStatusCode.BadRequest, wrongStep.StatusCode);
        Assert.Contains("Invalid transition from current step", Json.AllErrorMessages(await Json.ReadAsync(wrongStep)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownTask.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notSeen.StatusCode);
        var task = await TaskAsync(taskId);
        Assert.Equal("pending", (string)task["status"]!);
        Assert.Equal("Triage", (string)task["current_step_name"]!);
    }

    [Theory]
    [InlineData("priority", "extreme")]
    [InlineData("subject", "")]
    [InlineData("department", null)]
    [InlineData("ticket_number", "TX 1/2")]
    [InlineData("requester_email", "not-an-email")]
    public async Task TicketWithABadField_Is400NamingItAndStoresNothing(string field, string? value)
    {
        var body = TicketBody("TX-BAD-1");
        body[field] = value;

        var response = await Integration.PostAsync("/api/tickets", Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, Json.ErrorKeys(await Json.ReadAsync(response)));
        await using var db = App.CreateDbContext();
        Assert.Equal(0, await db.Tickets.CountAsync());
    }

    [Theory]
    [InlineData("priority", "3", "priority has a value of the wrong type or format")]
    [InlineData("submitted_at", "\"yesterday\"", "submitted_at has a value of the wrong type or format")]
    [InlineData("subject", "\"Laptop\\u0000broken\"", "subject contains the control character U+0000")]
    [InlineData("description", "\"Bell\\u0007\"", "description contains the control character U+0007")]
    public async Task TicketTheApiCannotRead_Is400NamingTheField_AndStoresNothing(string field, string json, string message)
    {
        var ticket = TicketBody("TX-BAD-JSON");
        ticket[field] = "@@";
        var body = ticket.ToJsonString().Replace("\"@@\"", json, StringComparison.Ordinal);

        var response = await Integration.PostAsync("/api/tickets", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Equal([field], Json.ErrorKeys(problem));
        Assert.True(Json.AllErrorMessages(problem).Contains(message, StringComparison.Ordinal), Json.AllErrorMessages(problem));
        await using var db = App.CreateDbContext();
        Assert.Equal(0, await db.Tickets.CountAsync());
    }

    [Fact]
    public async Task CompletingATask_WhileItsEndLogicCannotBeQueued_StillSucceeds_AndLeavesTheRunToTheSweep()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-END-AWAY"));
        var tasks = new TaskService(
            App.Service<IDbContextFactory<TaskDeskDbContext>>(), App.Service<VersionDefinitions>(), App.Service<EmailOutbox>(),
            new EndLogicService(App.Service<IDbContextFactory<TaskDeskDbContext>>(), new UnreachableJobs(), TimeProvider.System, NullLogger<EndLogicService>.Instance),
            TimeProvider.System);
        var admin = await App.AdministratorAsync();

        TaskMoved moved;
        do
        {
            var next = (int)(await TaskAsync(taskId))["available_transitions"]![0]!["transition_id"]!;
            moved = await tasks.TransitionAsync(admin, taskId, next, "Done here.");
        }
        while (moved.Status != WorkTaskStatus.Completed);

        await using var db = App.CreateDbContext();
        var task = await db.Tasks.SingleAsync(t => t.Id == taskId);
        Assert.Equal(WorkTaskStatus.Completed, task.Status);
        Assert.True(task.EndLogicPending);
    }

    [Fact]
    public async Task TicketSubmittedInAnotherTimeZone_IsTakenIn_AndKeptInUtc()
    {
        var body = TicketBody("TX-OFFSET");
        body["submitted_at"] = "2026-01-05T10:00:00+02:00";

        var state = await TakeInAsync(body);

        Assert.Equal("matched", (string?)state["state"]);
        await using var db = App.CreateDbContext();
        var stored = await db.Tickets.Where(t => t.TicketNumber == "TX-OFFSET").Select(t => t.SubmittedAt).SingleAsync();
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero), stored);
        Assert.Equal(TimeSpan.Zero, stored.Offset);
    }

    [Fact]
    public async Task TransferNotes_AtTheLimitOnceTrimmed_AreSaved_AndTheEmailCarriesThemTrimmed()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-TR-LONG"));
        var (assignee, itemId) = await CurrentAssigneeAsync(taskId);
        var other = assignee == "tina@tests.local" ? "theo@tests.local" : "tina@tests.local";
        var notes = new string('x', TaskItem.NotesMaxLength);

        var (status, created) = await PostAsync("/api/tasks/transfer", new JsonObject { ["task_item_id"] = itemId, ["new_user_id"] = UserIds[other], ["notes"] = "\n\n  " + notes + "  \n" });

        Assert.True(status == HttpStatusCode.OK, created.ToJsonString());
        await using var db = App.CreateDbContext();
        Assert.Equal(notes, await db.OutboxEmails.Where(e => e.Kind == TaskEventKind.Transfer).Select(e => e.Note).SingleAsync());
    }

    [Fact]
    public async Task TicketIntake_WithoutAKeyIs401_WithARevokedKeyIs401_AsAnAgentIs403()
    {
        var keys = (await GetAsync("/api/api-keys")).AsArray();
        var anonymous = await App.CreateClient().PostAsync("/api/tickets", Json.Body(TicketBody("TX-AUTH-1")));
        var agent = await (await ClientAsync("ava@tests.local")).PostAsync("/api/tickets", Json.Body(TicketBody("TX-AUTH-2")));
        await Admin.DeleteAsync($"/api/api-keys/{(int)keys[0]!["api_key_id"]!}");
        var revoked = await Integration.PostAsync("/api/tickets", Json.Body(TicketBody("TX-AUTH-3")));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        await using var db = App.CreateDbContext();
        Assert.Equal(0, await db.Tickets.CountAsync());
    }
}
