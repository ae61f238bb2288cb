using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Tickets;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.EndLogicRuns;

namespace TaskDesk.Tests.Web.EndLogicRuns;

public sealed class EndLogicHandoffTests : EndLogicTest
{
    [Theory]
    [InlineData("asset", "Assets", "/assets/handoff")]
    [InlineData("budget", "Budget", "/budget/handoff")]
    public async Task TaskCompleted_PostsTheTicketOnce_ToItsSystem_WithAnIdempotencyKey(string endLogic, string category, string path)
    {
        var workflow = await InitializeWorkflowAsync(endLogic, category);
        var taskId = await CompleteTicketAsync($"TX-{endLogic}-1", category);

        var done = await WaitForEndLogicAsync(taskId, t => t.EndLogicDoneAt is not null);
        Assert.False(done.EndLogicPending);
        Assert.Equal(0, done.EndLogicAttempts);
        var request = Assert.Single(Receiver.Requests());
        Assert.Equal("POST", request.Method);
        Assert.Equal(path, request.Path);
        Assert.Equal($"taskdesk-task-{taskId}", request.Headers["Idempotency-Key"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);

        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("ticket_completed", (string)body["event"]!);
        Assert.Equal(endLogic, (string)body["end_logic"]!);
        Assert.Equal(taskId, (int)body["task_id"]!);
        Assert.Equal($"{PublicUrl}/tasks/{taskId}", (string)body["task_url"]!);
        var ticket = body["ticket"]!;
        Assert.Equal($"TX-{endLogic}-1", (string)ticket["ticket_number"]!);
        Assert.Equal("Laptop not working", (string)ticket["subject"]!);
        Assert.Equal("The screen stays black after the update.", (string)ticket["description"]!);
        Assert.Equal("high", (string)ticket["priority"]!);
        Assert.Equal(("IT", category, "Support Request"), ((string)ticket["department"]!, (string)ticket["category"]!, (string)ticket["sub_category"]!));
        Assert.Null(ticket["requester"]!["user_id"]);
        Assert.Equal(("Riley Requester", "riley@example.org"), ((string)ticket["requester"]!["name"]!, (string)ticket["requester"]!["email"]!));
        Assert.Equal(workflow.WorkflowId, (int)body["workflow"]!["workflow_id"]!);
        Assert.Equal($"{category} handoff", (string)body["workflow"]!["name"]!);
        Assert.Equal(1, (int)body["workflow"]!["version"]!);
        Assert.Contains((int)body["coordinator"]!["user_id"]!, new[] { UserIds["cora@tests.local"], UserIds["cole@tests.local"] });
        Assert.Equal(Clock.GetUtcNow(), DateTimeOffset.Parse((string)body["completed_at"]!, System.Globalization.CultureInfo.InvariantCulture));

        var steps = body["steps"]!.AsArray();
        Assert.Equal(["Triage", "Resolution"], steps.Select(s => (string)s!["step_name"]!));
        Assert.All(steps, s => Assert.Equal("resolved", (string)s!["status"]!));
        Assert.Equal(["IT Technician", "Manager"], steps.Select(s => (string)s!["role"]!));
        Assert.Contains((string)steps[0]!["assignee"]!["email"]!, new[] { "tina@tests.local", "theo@tests.local" });
        var activities = body["activities"]!.AsArray();
        Assert.Equal(["created", "transitioned", "transitioned", "completed"], activities.Select(a => (string)a!["kind"]!));
        Assert.Equal(("Resolution", "Verification"), ((string)activities[2]!["from_step"]!, (string)activities[2]!["to_step"]!));
        Assert.Equal("Done here.", (string)activities[2]!["note"]!);
        Assert.Equal(TaskDeskApp.AdminEmail, (string)activities[2]!["by"]!["email"]!);

        // Done is done: neither the sweep nor another job posts it again.
        Assert.Equal(0, await App.Service<EndLogicService>().QueueDueAsync());
        await EndLogicState.RunJobAsync(App, taskId);
        Assert.Single(Receiver.Requests());
        var listed = Assert.Single(await RunsAsync("done"));
        Assert.Equal((taskId, endLogic, "done"), ((int)listed!["task_id"]!, (string)listed["end_logic"]!, (string)listed["status"]!));
        Assert.Empty(await RunsAsync("failed"));
        Assert.Empty(await RunsAsync("pending"));
    }

    [Fact]
    public async Task ReceiverFailing_IsRetriedWithGrowingBackoff_ThenListedAsFailed_AndAnAdministratorsRetryPostsIt()
    {
        Receiver.Answer = HttpStatusCode.InternalServerError;
        Receiver.FailureBody = "Asset database is down";
        await InitializeWorkflowAsync("asset", "Assets");
        var taskId = await CompleteTicketAsync("TX-ASSET-FAIL", "Assets");
        var completedAt = Clock.GetUtcNow();

        var first = await WaitForEndLogicAsync(taskId, t => t.EndLogicAttempts == 1);
        Assert.True(first.EndLogicPending);
        Assert.Equal(completedAt.AddHours(1), first.EndLogicNextAttemptAt);
        Assert.Contains("HTTP 500", first.EndLogicError, StringComparison.Ordinal);
        Assert.Contains("Asset database is down", first.EndLogicError, StringComparison.Ordinal);
        Assert.Null(first.EndLogicClaimedUntil);

        // Not due yet: neither the job nor the sweep tries again before the backoff has passed.
        Clock.Advance(TimeSpan.FromMinutes(59));
        await EndLogicState.RunJobAsync(App, taskId);
        Assert.Equal(0, await App.Service<EndLogicService>().QueueDueAsync());
        Assert.Single(Receiver.Requests());

        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await App.Service<EndLogicService>().QueueDueAsync());
        var second = await WaitForEndLogicAsync(taskId, t => t.EndLogicAttempts == 2);
        Assert.True(second.EndLogicPending);
        Assert.Equal(Clock.GetUtcNow().AddHours(2), second.EndLogicNextAttemptAt);

        Clock.Advance(TimeSpan.FromHours(2));
        await EndLogicState.RunJobAsync(App, taskId);
        var failed = await WaitForEndLogicAsync(taskId, t => t.EndLogicFailedAt is not null);
        Assert.False(failed.EndLogicPending);
        Assert.Equal(3, failed.EndLogicAttempts);
        Assert.Null(failed.EndLogicDoneAt);
        var posts = Receiver.Requests();
        Assert.Equal(3, posts.Count);
        Assert.All(posts, p => Assert.Equal($"taskdesk-task-{taskId}", p.Headers["Idempotency-Key"]));

        var listed = Assert.Single(await RunsAsync("failed"));
        Assert.Equal(taskId, (int)listed!["task_id"]!);
        Assert.Equal("TX-ASSET-FAIL", (string)listed["ticket_number"]!);
        Assert.Equal("asset", (string)listed["end_logic"]!);
        Assert.Equal("failed", (string)listed["status"]!);
        Assert.Equal(3, (int)listed["attempts"]!);
        Assert.Contains("HTTP 500", (string)listed["last_error"]!, StringComparison.Ordinal);
        Assert.Single((await GetAsync("/api/end-logic")).AsArray());
        Assert.Empty(await RunsAsync("pending"));
        Assert.Equal(0, await App.Service<EndLogicService>().QueueDueAsync());

        Receiver.Answer = HttpStatusCode.Accepted;
        var (retried, body) = await PostAsync($"/api/end-logic/{taskId}/retry");
        Assert.True(retried == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(("pending", 0), ((string)body["status"]!, (int)body["attempts"]!));

        var done = await WaitForEndLogicAsync(taskId, t => t.EndLogicDoneAt is not null);
        Assert.Equal("", done.EndLogicError);
        Assert.Null(done.EndLogicFailedAt);
        Assert.Equal(4, Receiver.Requests().Count);
        Assert.Empty(await RunsAsync("failed"));
        Assert.Single(await RunsAsync("done"));
        var (again, refusal) = await PostAsync($"/api/end-logic/{taskId}/retry");
        Assert.True(again == HttpStatusCode.Conflict, refusal.ToJsonString());
    }

    [Fact]
    public async Task ARunnerThatOutlivedItsClaim_LeavesTheOutcomeToTheRunnerHoldingItNow()
    {
        var taskId = await BudgetTaskCompletedWithoutAJobAsync();
        Receiver.Answer = HttpStatusCode.ServiceUnavailable;

        // The first runner waits for the receiver past its claim; a second runner claims the task, posts again and
        // records its failed attempt; then the first one's answer comes.
        var answerFirst = Receiver.Hold();
        var first = Task.Run(() => EndLogicState.RunJobAsync(App, taskId));
        Assert.Single(await Receiver.WaitForRequestsAsync(1));
        Clock.Advance(TimeSpan.FromSeconds(301));
        var answerSecond = Receiver.Hold();
        var second = Task.Run(() => EndLogicState.RunJobAsync(App, taskId));
        Assert.Equal(2, (await Receiver.WaitForRequestsAsync(2)).Count);
        answerSecond();
        await second;
        answerFirst();
        await first;

        var failed = await WaitForEndLogicAsync(taskId, t => t.EndLogicAttempts > 0);
        Assert.Equal(1, failed.EndLogicAttempts);
        Assert.Null(failed.EndLogicClaimedUntil);
        Assert.True(failed.EndLogicPending);
    }

    [Fact]
    public async Task TwoRunnersAtOnce_PostOnce()
    {
        var taskId = await BudgetTaskCompletedWithoutAJobAsync();

        Receiver.Hold();
        var runs = new[] { Task.Run(() => EndLogicState.RunJobAsync(App, taskId)), Task.Run(() => EndLogicState.RunJobAsync(App, taskId)) };
        Assert.Single(await Receiver.WaitForRequestsAsync());

        // One runner is waiting for the receiver's answer; the other found the run claimed and ended, as does the sweep.
        await Task.WhenAny(runs);
        Assert.Equal(0, await App.Service<EndLogicService>().QueueDueAsync());
        Receiver.Release();
        await Task.WhenAll(runs);
        await EndLogicState.RunJobAsync(App, taskId);

        Assert.Single(Receiver.Requests());
        var done = await WaitForEndLogicAsync(taskId, t => t.EndLogicDoneAt is not null);
        Assert.Equal(0, done.EndLogicAttempts);
    }

    [Fact]
    public async Task EndLogicApi_IsForAdministratorsOnly_AndRefusesWhatItCannotDo()
    {
        var agent = await ClientAsync("ava@tests.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/end-logic?status=failed")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync("/api/end-logic/1/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/end-logic")).StatusCode);

        var bad = await Admin.GetAsync("/api/end-logic?status=lost");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("failed, pending, done", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/api/end-logic/999999/retry")).Status);

        // A task still being worked has no end logic to retry yet.
        var open = await TaskIdOfAsync(TicketBody("TX-OPEN"));
        var (status, body) = await PostAsync($"/api/end-logic/{open}/retry");
        Assert.True(status == HttpStatusCode.Conflict, body.ToJsonString());
        await using var db = App.CreateDbContext();
        Assert.False((await db.Tasks.SingleAsync(t => t.Id == open)).EndLogicPending);
    }

    /// <summary>A budget task completed through the domain: its end logic is pending and no job knows of it yet.</summary>
    private async Task<int> BudgetTaskCompletedWithoutAJobAsync()
    {
        var workflow = await InitializeWorkflowAsync("budget", "Budget");
        var scenario = new TaskScenario(App, Admin);
        var coordinator = UserIds["cora@tests.local"];
        var taskId = await scenario.AddTaskAsync(workflow, "New monitor", TicketPriority.Medium, Clock.GetUtcNow(), coordinator, coordinator);
        await scenario.CompleteAsync(workflow, taskId, coordinator, Clock.GetUtcNow());
        return taskId;
    }
}

public sealed class EndLogicConfigurationTests : EndLogicTest
{
    protected override void ConfigureApp(TaskDeskApp app) => app.WithSetting("TaskDesk:EndLogic:AssetUrl", "");

    [Fact]
    public async Task AssetUrlNotConfigured_FailsAtOnce_AndIsListedWithWhatToSet()
    {
        await InitializeWorkflowAsync("asset", "Assets");
        var taskId = await CompleteTicketAsync("TX-NO-URL", "Assets");

        var failed = await WaitForEndLogicAsync(taskId, t => t.EndLogicFailedAt is not null);
        Assert.Equal(1, failed.EndLogicAttempts);
        Assert.StartsWith("TaskDesk:EndLogic:AssetUrl is not configured", failed.EndLogicError, StringComparison.Ordinal);
        var listed = Assert.Single(await RunsAsync("failed"));
        Assert.Equal(failed.EndLogicError, (string)listed!["last_error"]!);
        Assert.Empty(Receiver.Requests());
    }
}
