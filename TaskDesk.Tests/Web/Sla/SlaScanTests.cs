using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Sla;
using TaskDesk.Web.Features.Tasks;

namespace TaskDesk.Tests.Web.Sla;

/// <summary>The seed's workflow with a high-priority ticket: 24 hours in all, Triage gets 0.2 of it (4.8 h), warned at 75% (3.6 h).</summary>
public sealed class SlaScanTests : RuntimeTest
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override TaskDeskApp CreateApp() => new() { Clock = _clock };

    [Fact]
    public async Task AssignmentNearingItsTarget_IsWarnedOnce_ThenBreachedOnce_HoweverOftenTheScanRuns()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-SLA-SCAN"));
        var scan = App.Service<SlaScanService>();
        await scan.ScanAsync();
        Assert.Equal(0, await CountAsync(TaskEventKind.SlaWarning));

        _clock.Advance(TimeSpan.FromHours(3.7));
        await Task.WhenAll(scan.ScanAsync(), scan.ScanAsync());
        await scan.ScanAsync();
        await SignInAgainAsync();

        var (assignee, itemId) = await CurrentAssigneeAsync(taskId);
        var coordinator = (int)(await TaskAsync(taskId))["coordinator_user_id"]!;
        await using (var db = App.CreateDbContext())
        {
            var warned = await db.OutboxEmails.Where(e => e.Kind == TaskEventKind.SlaWarning).Select(e => e.ToUserId).OrderBy(id => id).ToListAsync();
            Assert.Equal(new int?[] { UserIds[assignee], coordinator }.Order(), warned);
            Assert.NotNull((await db.TaskItems.SingleAsync(i => i.Id == itemId)).WarnedAt);
            Assert.Equal(0, await CountAsync(TaskEventKind.SlaBreach));
        }

        _clock.Advance(TimeSpan.FromHours(1.2));
        await Task.WhenAll(scan.ScanAsync(), scan.ScanAsync());
        await scan.ScanAsync();
        await SignInAgainAsync();

        var history = (await TaskAsync(taskId))["items"]![0]!["history"]!.AsArray().Select(h => (string)h!["status"]!).ToList();
        Assert.Equal(1, history.Count(s => s == "breached"));
        await using (var db = App.CreateDbContext())
        {
            Assert.Equal(2, await db.OutboxEmails.CountAsync(e => e.Kind == TaskEventKind.SlaWarning));
            var breachedUsers = await db.Notifications.Where(n => n.Kind == TaskEventKind.SlaBreach).Select(n => n.UserId).ToListAsync();
            Assert.Contains(UserIds[assignee], breachedUsers);
            Assert.Equal(breachedUsers.Count, breachedUsers.Distinct().Count());
            Assert.True(breachedUsers.Count >= 2, "the administrators hear of a breach when the step names no escalation role");
        }
    }

    [Fact]
    public async Task AnAssignmentTransferredAfterTheScanReadIt_IsNotWarned_AndItsSuccessorIsWarnedOnce()
    {
        var (taskId, assignee, itemId, other) = await AssignmentDueAWarningAsync("TX-SLA-RACE");
        var scan = App.Service<SlaScanService>();

        // The scan has read the assignment as due a warning; before it claims it, the coordinator hands it on.
        var result = await scan.ScanAsync(afterReading: async () =>
        {
            var (status, body) = await PostAsync("/api/tasks/transfer", new JsonObject { ["task_item_id"] = itemId, ["new_user_id"] = UserIds[other] });
            Assert.True(status == System.Net.HttpStatusCode.OK, body.ToJsonString());
        });

        Assert.Equal(0, result.Warnings);
        Assert.Equal(0, await CountAsync(TaskEventKind.SlaWarning));
        await using (var db = App.CreateDbContext())
        {
            Assert.Null(await db.TaskItems.Where(i => i.Id == itemId).Select(i => i.WarnedAt).SingleAsync());
        }

        // The assignment the transfer made is due in its own right: the next scan warns its assignee and the coordinator.
        Assert.Equal(1, (await scan.ScanAsync()).Warnings);
        await scan.ScanAsync();
        await using var check = App.CreateDbContext();
        var warned = await check.OutboxEmails.Where(e => e.Kind == TaskEventKind.SlaWarning).Select(e => e.ToUserId).ToListAsync();
        Assert.Equal(2, warned.Count);
        Assert.Contains(UserIds[other], warned);
        Assert.DoesNotContain(UserIds[assignee], warned);
    }

    [Fact]
    public async Task AnAssignmentWarnedAfterATransferReadIt_PassesTheWarningOn_SoNobodyIsWarnedTwice()
    {
        var (taskId, _, itemId, other) = await AssignmentDueAWarningAsync("TX-SLA-RACE-2");
        var scan = App.Service<SlaScanService>();

        // The transfer has read the task; before it saves, the scan warns the assignment it hands on.
        var transferred = await App.Service<TaskService>().TransferAsync(
            await App.AdministratorAsync(), itemId, UserIds[other], "Covering for a colleague", afterReading: async () => Assert.Equal(1, (await scan.ScanAsync()).Warnings));

        Assert.Equal(0, (await scan.ScanAsync()).Warnings);
        await using var db = App.CreateDbContext();
        var warnedAt = await db.TaskItems.Where(i => i.Id == itemId).Select(i => i.WarnedAt).SingleAsync();
        Assert.NotNull(warnedAt);
        Assert.Equal(warnedAt, await db.TaskItems.Where(i => i.Id == transferred.TaskItemId).Select(i => i.WarnedAt).SingleAsync());
        var coordinator = (int?)(int)(await TaskAsync(taskId))["coordinator_user_id"]!;
        Assert.Equal(1, await db.OutboxEmails.CountAsync(e => e.Kind == TaskEventKind.SlaWarning && e.ToUserId == coordinator));
    }

    [Fact]
    public async Task TaskOnHold_DoesNotBreach_AndResumingMovesTheTargetByTheTimeHeld()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-SLA-HOLD"));
        var (assignee, itemId) = await CurrentAssigneeAsync(taskId);
        var agent = await ClientAsync(assignee);
        await agent.PostAsync($"/api/tasks/{taskId}/start", null);
        var target = await TargetOfAsync(itemId);

        _clock.Advance(TimeSpan.FromHours(1));
        var held = await agent.PostAsync($"/api/tasks/{taskId}/hold", Json.Body(new JsonObject { ["reason"] = "Waiting for the requester" }));
        Assert.Equal(System.Net.HttpStatusCode.OK, held.StatusCode);
        _clock.Advance(TimeSpan.FromHours(10));
        await App.Service<SlaScanService>().ScanAsync();
        Assert.Equal(0, await CountAsync(TaskEventKind.SlaBreach));

        var resumed = await agent.PostAsync($"/api/tasks/{taskId}/resume", Json.Body(new JsonObject { ["reason"] = "Requester answered" }));
        Assert.Equal(System.Net.HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(target + TimeSpan.FromHours(10), await TargetOfAsync(itemId));

        _clock.Advance(TimeSpan.FromHours(3.7));
        await App.Service<SlaScanService>().ScanAsync();
        Assert.Equal(0, await CountAsync(TaskEventKind.SlaBreach));

        _clock.Advance(TimeSpan.FromHours(0.2));
        await App.Service<SlaScanService>().ScanAsync();
        Assert.True(await CountAsync(TaskEventKind.SlaBreach) > 0);
    }

    [Fact]
    public async Task AStepAssignedAfterAHold_GetsItsShareOfTheSla_NotOfTheTimeHeld()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-SLA-HOLD-NEXT"));
        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var agent = await ClientAsync(assignee);
        await agent.PostAsync($"/api/tasks/{taskId}/start", null);
        await agent.PostAsync($"/api/tasks/{taskId}/hold", Json.Body(new JsonObject { ["reason"] = "Waiting for the requester" }));
        _clock.Advance(TimeSpan.FromDays(10));
        var resumed = await agent.PostAsync($"/api/tasks/{taskId}/resume", Json.Body(new JsonObject { ["reason"] = "Requester answered" }));
        Assert.Equal(System.Net.HttpStatusCode.OK, resumed.StatusCode);

        var assign = (int)(await TaskAsync(taskId))["available_transitions"]!.AsArray().Single(t => (string)t!["name"]! == "Assign")!["transition_id"]!;
        var moved = await agent.PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new JsonObject { ["transition_id"] = assign }));
        Assert.Equal(System.Net.HttpStatusCode.OK, moved.StatusCode);

        // High: 24 hours in all; Resolution's share is 0.6 of them (14.4 h), counted from its assignment — not 0.6 of
        // the 10 days the task waited on hold as well.
        var (_, resolutionItem) = await CurrentAssigneeAsync(taskId);
        await using var db = App.CreateDbContext();
        var item = await db.TaskItems.SingleAsync(i => i.Id == resolutionItem);
        Assert.Equal(TimeSpan.FromMinutes(24 * 60 * 0.6), item.TargetResolution - item.AssignedOn);
    }

    [Fact]
    public async Task WorkflowThatEscalatesOnBreach_HandsTheBreachedAssignmentToTheEscalationRole()
    {
        var body = SeedBody();
        body["workflow"]!["name"] = "Escalating";
        body["workflow"]!["department"] = "Facilities";
        body["workflow"]!["escalate_on_breach"] = true;
        body["graph"]!["nodes"]![0]!["escalate_to"] = ManagerRole;
        var workflowId = (int)(await CreateWorkflowAsync(body))["workflow"]!["workflow_id"]!;
        await MoveAsync(workflowId, "deploy", "initialize");
        var taskId = await TaskIdOfAsync(TicketBody("TX-SLA-ESC", department: "Facilities"));
        var (_, itemId) = await CurrentAssigneeAsync(taskId);

        _clock.Advance(TimeSpan.FromHours(5));
        await App.Service<SlaScanService>().ScanAsync();
        await App.Service<SlaScanService>().ScanAsync();
        await SignInAgainAsync();

        var items = (await TaskAsync(taskId))["items"]!.AsArray().Select(i => i!["item"]!).ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal("escalated", (string)items.Single(i => (int)i["task_item_id"]! == itemId)["status"]!);
        var escalation = items.Single(i => (int)i["task_item_id"]! != itemId);
        Assert.Equal("escalation", (string)escalation["origin"]!);
        Assert.Equal(ManagerRole, (int)escalation["role_id"]!);
        Assert.Contains((int)escalation["user_id"]!, new[] { UserIds["mia@tests.local"], UserIds["max@tests.local"] });

        // Nobody did it: the escalation's history and the task's activity name no user (they said user 0).
        await using var db = App.CreateDbContext();
        var escalated = await db.TaskItemHistory.Where(h => h.TaskItemId == itemId && h.Status == AssignmentStatus.Escalated).SingleAsync();
        var opened = await db.TaskItemHistory.Where(h => h.TaskItemId == (int)escalation["task_item_id"]! && h.Status == AssignmentStatus.New).SingleAsync();
        var activity = await db.TaskActivities.Where(a => a.TaskId == taskId && a.Kind == TaskActivityKind.Escalated).SingleAsync();
        Assert.Equal((null, null, null), (escalated.ByUserId, opened.ByUserId, activity.ByUserId));
    }

    [Fact]
    public async Task TheTicketsOwnTarget_IsWatchedTheSameWay_AndItsCoordinatorIsTold()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-SLA-TASK"));
        var scan = App.Service<SlaScanService>();
        await scan.ScanAsync();

        _clock.Advance(TimeSpan.FromHours(18.1));
        await scan.ScanAsync();
        await using (var db = App.CreateDbContext())
        {
            var task = await db.Tasks.SingleAsync(t => t.Id == taskId);
            Assert.NotNull(task.WarnedAt);
            Assert.Null(task.BreachedAt);
            Assert.True(await db.OutboxEmails.AnyAsync(e => e.Kind == TaskEventKind.SlaWarning && e.ToUserId == task.CoordinatorUserId && e.TaskItemId == null));
        }

        _clock.Advance(TimeSpan.FromHours(6));
        await Task.WhenAll(scan.ScanAsync(), scan.ScanAsync());
        await using (var db = App.CreateDbContext())
        {
            var task = await db.Tasks.SingleAsync(t => t.Id == taskId);
            Assert.NotNull(task.BreachedAt);
            Assert.Equal(1, await db.Notifications.CountAsync(n => n.Kind == TaskEventKind.SlaBreach && n.UserId == task.CoordinatorUserId && n.TaskItemId == null));
        }
    }

    [Fact]
    public async Task NewAssignmentsAndTasks_GetTheirWarningTime_TheConfiguredShareOfTheirWindow_EvenAnOddSizedOne()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-SLA-WARNAT"));
        var (_, itemId) = await CurrentAssigneeAsync(taskId);
        var share = App.Service<Microsoft.Extensions.Options.IOptions<TaskDesk.Web.Infrastructure.TaskDeskOptions>>().Value.Sla.WarningAt;
        DateTimeOffset assignedOn, createdAt;
        await using (var db = App.CreateDbContext())
        {
            // Windows whose share falls between the instants the database can keep (SQLite: 100 µs), unlike each other.
            assignedOn = await db.TaskItems.Where(i => i.Id == itemId).Select(i => i.AssignedOn).SingleAsync();
            createdAt = await db.Tasks.Where(t => t.Id == taskId).Select(t => t.CreatedAt).SingleAsync();
            await db.TaskItems.Where(i => i.Id == itemId).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.WarnAt, (DateTimeOffset?)null)
                .SetProperty(i => i.TargetResolution, assignedOn + TimeSpan.FromHours(5) + TimeSpan.FromMicroseconds(300)));
            await db.Tasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.WarnAt, (DateTimeOffset?)null)
                .SetProperty(t => t.TargetResolution, createdAt + TimeSpan.FromHours(30) + TimeSpan.FromMicroseconds(700)));
        }

        Assert.Equal(new SlaScanResult(0, 0, 0, 0, 0), await App.Service<SlaScanService>().ScanAsync());

        await using var check = App.CreateDbContext();
        var itemWarnAt = await check.TaskItems.Where(i => i.Id == itemId).Select(i => i.WarnAt).SingleAsync();
        var taskWarnAt = await check.Tasks.Where(t => t.Id == taskId).Select(t => t.WarnAt).SingleAsync();

        // Within what the database keeps: SQLite stores instants as binary ticks to 100 µs, PostgreSQL to 1 µs.
        AssertNear(assignedOn + ((TimeSpan.FromHours(5) + TimeSpan.FromMicroseconds(300)) * share), itemWarnAt);
        AssertNear(createdAt + ((TimeSpan.FromHours(30) + TimeSpan.FromMicroseconds(700)) * share), taskWarnAt);
    }

    private static void AssertNear(DateTimeOffset expected, DateTimeOffset? actual)
    {
        Assert.NotNull(actual);
        Assert.True((actual.Value - expected).Duration() < TimeSpan.FromMicroseconds(100), $"expected {expected:O}, stored {actual:O}");
    }

    /// <summary>
    /// A ticket's first assignment, scanned once while on track, then due its warning (the clock past 75% of Triage's
    /// 4.8 h); the other technician is in rotation, to hand it to.
    /// </summary>
    private async Task<(int TaskId, string Assignee, int ItemId, string Other)> AssignmentDueAWarningAsync(string ticketNumber)
    {
        var taskId = await TaskIdOfAsync(TicketBody(ticketNumber));
        await App.Service<SlaScanService>().ScanAsync();
        var (assignee, itemId) = await CurrentAssigneeAsync(taskId);
        var other = assignee == "tina@tests.local" ? "theo@tests.local" : "tina@tests.local";
        await SetMemberActiveAsync(TechnicianRole, other, true);
        _clock.Advance(TimeSpan.FromHours(3.7));
        return (taskId, assignee, itemId, other);
    }

    private async Task<int> CountAsync(TaskEventKind kind)
    {
        await using var db = App.CreateDbContext();
        return await db.OutboxEmails.CountAsync(e => e.Kind == kind) + await db.Notifications.CountAsync(n => n.Kind == kind);
    }

    private async Task<DateTimeOffset> TargetOfAsync(int itemId)
    {
        await using var db = App.CreateDbContext();
        return (await db.TaskItems.SingleAsync(i => i.Id == itemId)).TargetResolution!.Value;
    }
}

[Trait("Category", TestPostgres.Integration)]
public sealed class JobDashboardTests : IDisposable
{
    private readonly TaskDeskApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task HangfireDashboard_IsForAdministratorsOnly_AndListsTheSlaScan()
    {
        await _app.CreateUserAsync("agent@tests.local");
        var anonymous = await _app.CreateClient().GetAsync("/hangfire");
        var agent = await (await _app.ClientForAsync("agent@tests.local")).GetAsync("/hangfire");
        var admin = await _app.AdminClientAsync();
        var dashboard = await admin.GetAsync("/hangfire");
        var recurring = await admin.GetStringAsync("/hangfire/recurring");

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.True(agent.StatusCode is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.Unauthorized, $"an agent got {agent.StatusCode}");
        Assert.Equal(System.Net.HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("sla-scan", recurring, StringComparison.Ordinal);
    }
}
