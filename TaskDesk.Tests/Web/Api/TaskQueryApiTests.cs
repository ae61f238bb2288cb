using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Tickets;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Api;

/// <summary>The task views (My Tasks, All Tasks, Owned Tickets) over tasks built through the domain on a real SQLite file.</summary>
public sealed class TaskQueryApiTests : ApiTest
{
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private TaskScenario _scenario = null!;
    private RunningWorkflow _it = null!;
    private int _alice;
    private int _bob;
    private HttpClient _aliceClient = null!;
    private HttpClient _bobClient = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _alice = await App.CreateUserAsync("alice@tests.local");
        _bob = await App.CreateUserAsync("bob@tests.local");
        _aliceClient = await App.ClientForAsync("alice@tests.local");
        _bobClient = await App.ClientForAsync("bob@tests.local");
        _scenario = new TaskScenario(App, Admin);
        _it = await _scenario.InitializeWorkflowAsync(SeedBody());
    }

    [Fact]
    public async Task MyTasks_ListsOnlyTheCallersActiveAssignments_InTheSeedsShape()
    {
        var laptop = await AddAsync("Laptop not working", TicketPriority.High, _now.AddHours(-1), assignee: _alice, coordinator: _bob, number: "TX20240115001234");
        var monitor = await AddAsync("Monitor flickers", TicketPriority.Low, _now, assignee: _alice);
        var printer = await AddAsync("Printer jam", TicketPriority.Medium, _now, assignee: _bob);
        var vpn = await AddAsync("VPN down", TicketPriority.Medium, _now.AddHours(-2), assignee: _alice);
        await _scenario.TransitionAsync(_it, vpn, _alice, _bob, _now.AddHours(-1));
        await AddAsync("Nobody's yet", TicketPriority.Medium, _now, assignee: null);

        var mine = await PageAsync(_aliceClient, "/api/tasks/my-tasks");
        var everything = await PageAsync(_aliceClient, "/api/tasks/my-tasks?status=all");
        var bobs = await PageAsync(_bobClient, "/api/tasks/my-tasks");

        Assert.Equal(2, (int)mine["count"]!);
        Assert.Equal([laptop, monitor], MyTaskIds(mine).Order());
        var row = Rows(mine).Single(r => (int)r["task"]!["task_id"]! == laptop);
        Assert.True((int)row["task_item_id"]! > 0);
        Assert.Equal("TX20240115001234", (string)row["task"]!["ticket"]!["ticket_number"]!);
        Assert.Equal("Laptop not working", (string)row["task"]!["ticket"]!["subject"]!);
        Assert.Equal("high", (string)row["task"]!["ticket"]!["priority"]!);
        Assert.Equal("IT Support Request", (string)row["task"]!["workflow"]!["name"]!);
        Assert.Equal(_it.WorkflowId, (int)row["task"]!["workflow"]!["workflow_id"]!);
        Assert.Equal("pending", (string)row["task"]!["status"]!);
        Assert.Equal("Triage", (string)row["task"]!["current_step"]!["name"]!);
        Assert.Equal("IT Technician", (string)row["role"]!);
        Assert.Equal("Triage", (string)row["step"]!);
        Assert.Equal("new", (string)row["status"]!);
        Assert.Equal("System", (string)row["origin"]!);
        Assert.EndsWith("Z", (string)row["assigned_on"]!, StringComparison.Ordinal);
        Assert.Equal(_now.AddHours(-1) + TimeSpan.FromHours(24 * 0.2), DateTimeOffset.Parse((string)row["target_resolution"]!), TimeSpan.FromSeconds(1));
        Assert.Equal("on_track", (string)row["sla_state"]!);

        Assert.Equal([laptop, monitor, vpn], MyTaskIds(everything).Order());
        Assert.Equal("resolved", (string)Rows(everything).Single(r => (int)r["task"]!["task_id"]! == vpn)["status"]!);
        Assert.Equal([printer, vpn], MyTaskIds(bobs).Order());
        Assert.Equal("Manager", (string)Rows(bobs).Single(r => (int)r["task"]!["task_id"]! == vpn)["role"]!);
    }

    [Fact]
    public async Task MyTasks_ByDefault_ListTheBreachedFirstThenTheNearestTargetThenTheHigherPriority()
    {
        var noSlas = await _scenario.InitializeWorkflowAsync(SeedBody(), body =>
        {
            var workflow = body["workflow"]!.AsObject();
            workflow["name"] = "Facilities request";
            workflow["category"] = "Facilities";
            foreach (var sla in new[] { "low_sla", "medium_sla", "high_sla", "urgent_sla" })
            {
                workflow.Remove(sla);
            }
        });

        // Inserted out of order, so that neither the id nor the insertion order can explain the result.
        var noTarget = await AddAsync("No SLA at all", TicketPriority.Urgent, _now, assignee: _alice, workflow: noSlas);
        var low = await AddAsync("Low, due in 14.4 h", TicketPriority.Low, _now, assignee: _alice);
        var high = await AddAsync("High, due in 0.8 h", TicketPriority.High, _now.AddHours(-4), assignee: _alice);
        var urgent = await AddAsync("Urgent, due in 0.8 h", TicketPriority.Urgent, _now, assignee: _alice);
        var medium = await AddAsync("Medium, due in 9.6 h", TicketPriority.Medium, _now, assignee: _alice);
        var breached = await AddAsync("High, overdue by days", TicketPriority.High, _now.AddDays(-10), assignee: _alice);

        var page = await PageAsync(_aliceClient, "/api/tasks/my-tasks");

        Assert.Equal([breached, urgent, high, medium, low, noTarget], MyTaskIds(page));
        Assert.Equal(["breached", "on_track", "on_track", "on_track", "on_track", "none"], Rows(page).Select(r => (string)r["sla_state"]!));
        Assert.Null(Rows(page).Last()["target_resolution"]);
    }

    [Fact]
    public async Task MyTasks_ATaskOnHoldPastItsTarget_IsPaused_NotBreached_AndNotListedFirst()
    {
        var held = await AddAsync("Held for days", TicketPriority.High, _now.AddDays(-10), assignee: _alice);
        await using (var db = App.CreateDbContext())
        {
            var task = await db.Tasks.Include(t => t.Items).SingleAsync(t => t.Id == held);
            task.Start(_alice, _now.AddDays(-10).AddMinutes(30));
            task.Hold("Waiting for the requester", _alice, _now.AddDays(-10).AddHours(1));
            await db.SaveChangesAsync();
        }

        var running = await AddAsync("Due in 0.8 h", TicketPriority.High, _now.AddHours(-4), assignee: _alice);

        var page = await PageAsync(_aliceClient, "/api/tasks/my-tasks?task_status=on_hold,pending");

        Assert.Equal([running, held], MyTaskIds(page));
        Assert.Equal(["on_track", "paused"], Rows(page).Select(r => (string)r["sla_state"]!));
        var all = await PageAsync(await App.AdminClientAsync(), "/api/tasks/all-tasks?tab=active");
        Assert.Equal("paused", (string)all["results"]!.AsArray().Single(r => (int)r!["task_id"]! == held)!["sla_state"]!);
    }

    [Fact]
    public async Task MyTasks_Search_FindsTicketNumberSubjectOrDescription_IgnoringCase()
    {
        var bySubject = await AddAsync("Laptop not working", TicketPriority.Medium, _now, assignee: _alice, number: "TX-100");
        var byDescription = await AddAsync("Screen broken", TicketPriority.Medium, _now, assignee: _alice, number: "TX-200", description: "Dropped my LAPTOP on the stairs");
        var byNumber = await AddAsync("Printer jam", TicketPriority.Medium, _now, assignee: _alice, number: "TX-300");
        await AddAsync("Laptop for Bob", TicketPriority.Medium, _now, assignee: _bob, number: "TX-400");

        var laptop = await PageAsync(_aliceClient, "/api/tasks/my-tasks?search=laptop");
        var number = await PageAsync(_aliceClient, "/api/tasks/my-tasks?search=tx-3");
        var nothing = await PageAsync(_aliceClient, "/api/tasks/my-tasks?search=keyboard");

        Assert.Equal([bySubject, byDescription], MyTaskIds(laptop).Order());
        Assert.Equal(2, (int)laptop["count"]!);
        Assert.Equal([byNumber], MyTaskIds(number));
        Assert.Empty(Rows(nothing));
        Assert.Equal(0, (int)nothing["count"]!);
    }

    [Fact]
    public async Task MyTasks_PriorityFilter_KeepsTheListedPriorities()
    {
        var urgent = await AddAsync("Server room flooded", TicketPriority.Urgent, _now, assignee: _alice);
        var critical = await AddAsync("Payroll down", TicketPriority.Critical, _now, assignee: _alice);
        var high = await AddAsync("Laptop not working", TicketPriority.High, _now, assignee: _alice);
        await AddAsync("New mouse", TicketPriority.Low, _now, assignee: _alice);

        var urgentOrCritical = await PageAsync(_aliceClient, "/api/tasks/my-tasks?priority=urgent,critical");
        var onlyHigh = await PageAsync(_aliceClient, "/api/tasks/my-tasks?priority=High");

        Assert.Equal([urgent, critical], MyTaskIds(urgentOrCritical).Order());
        Assert.Equal([high], MyTaskIds(onlyHigh));
        Assert.Equal(1, (int)onlyHigh["count"]!);
    }

    [Fact]
    public async Task MyTasks_Paging_CountsEveryMatchAndSlicesTheOrderedList()
    {
        for (var i = 0; i < 5; i++)
        {
            await AddAsync($"Request {i}", TicketPriority.Low, _now.AddMinutes(-i), assignee: _alice);
        }

        await AddAsync("Bob's", TicketPriority.Low, _now, assignee: _bob);

        var all = MyTaskIds(await PageAsync(_aliceClient, "/api/tasks/my-tasks?page_size=200"));
        var pages = new List<JsonNode>();
        for (var p = 1; p <= 4; p++)
        {
            pages.Add(await PageAsync(_aliceClient, $"/api/tasks/my-tasks?page={p}&page_size=2"));
        }

        Assert.Equal(5, all.Count);
        Assert.All(pages, p => Assert.Equal(5, (int)p["count"]!));
        Assert.All(pages, p => Assert.Equal(2, (int)p["page_size"]!));
        Assert.Equal([1, 2, 3, 4], pages.Select(p => (int)p["page"]!));
        Assert.Equal([2, 2, 1, 0], pages.Select(p => Rows(p).Count));
        Assert.Equal(all, pages.SelectMany(MyTaskIds));
    }

    [Fact]
    public async Task AllTasks_Tabs_SplitOpenClosedAndUnassignedTasks()
    {
        var open = await AddAsync("Laptop not working", TicketPriority.High, _now, assignee: _alice, coordinator: _bob);
        var done = await AddAsync("Printer jam", TicketPriority.Medium, _now, assignee: _alice, coordinator: _bob);
        await _scenario.CompleteAsync(_it, done, _alice, _now);
        var waiting = await AddAsync("Nobody's yet", TicketPriority.Low, _now, assignee: null);

        var byDefault = await PageAsync(Admin, "/api/tasks/all-tasks");
        var active = await PageAsync(Admin, "/api/tasks/all-tasks?tab=active");
        var inactive = await PageAsync(Admin, "/api/tasks/all-tasks?tab=inactive");
        var unassigned = await PageAsync(Admin, "/api/tasks/all-tasks?tab=unassigned");

        Assert.Equal([open, waiting], TaskIds(byDefault).Order());
        Assert.Equal([open, waiting], TaskIds(active).Order());
        Assert.Equal([done], TaskIds(inactive));
        Assert.Equal("completed", (string)Rows(inactive).Single()["status"]!);
        Assert.Equal("Verification", (string)Rows(inactive).Single()["current_step"]!["name"]!);
        Assert.Empty(Rows(inactive).Single()["assignees"]!.AsArray());
        Assert.Equal([waiting], TaskIds(unassigned));

        var waitingRow = Rows(unassigned).Single();
        var nobody = Assert.Single(waitingRow["assignees"]!.AsArray())!;
        Assert.Null(nobody["user_id"]);
        Assert.Null(nobody["display_name"]);
        Assert.Equal("IT Technician", (string)nobody["role"]!);
        Assert.Null(waitingRow["coordinator"]);

        var openRow = Rows(active).Single(r => (int)r["task_id"]! == open);
        Assert.Equal(_bob, (int)openRow["coordinator"]!["user_id"]!);
        Assert.Equal("bob", (string)openRow["coordinator"]!["display_name"]!);
        var assignee = Assert.Single(openRow["assignees"]!.AsArray())!;
        Assert.Equal(_alice, (int)assignee["user_id"]!);
        Assert.Equal("alice", (string)assignee["display_name"]!);
        Assert.Equal("Laptop not working", (string)openRow["ticket"]!["subject"]!);
        Assert.Equal("high", (string)openRow["ticket"]!["priority"]!);
        Assert.Equal("IT Support Request", (string)openRow["workflow"]!["name"]!);
        Assert.Equal("Triage", (string)openRow["current_step"]!["name"]!);
        Assert.Equal("pending", (string)openRow["status"]!);
        Assert.NotNull(openRow["target_resolution"]);
        Assert.NotNull(openRow["created_at"]);
    }

    [Fact]
    public async Task ACancelledTasksAssignment_IsNobodysWorkAnyMore_ButStaysInTheHistoryOfEveryStatus()
    {
        var kept = await AddAsync("Laptop not working", TicketPriority.High, _now.AddDays(-3), assignee: _alice, coordinator: _bob);
        var cancelled = await AddAsync("Duplicate of the laptop", TicketPriority.Urgent, _now.AddDays(-3), assignee: _alice, coordinator: _bob);
        var refused = await Admin.PostAsync($"/api/tasks/{cancelled}/cancel", Json.Body(new JsonObject { ["reason"] = "Duplicate" }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);

        var mine = await PageAsync(_aliceClient, "/api/tasks/my-tasks");
        var everything = await PageAsync(_aliceClient, "/api/tasks/my-tasks?status=all");
        var inactive = await PageAsync(Admin, "/api/tasks/all-tasks?tab=inactive");

        // Its assignment is still "new" (the seed has no status for it), but not active: no longer listed, not breached
        // (its target passed long ago), and no assignee to transfer.
        Assert.Equal([kept], MyTaskIds(mine));
        Assert.Equal(1, (int)mine["count"]!);
        var row = Rows(everything).Single(r => (int)r["task"]!["task_id"]! == cancelled);
        Assert.Equal(("new", "cancelled", "none"), ((string)row["status"]!, (string)row["task"]!["status"]!, (string)row["sla_state"]!));
        Assert.Equal(kept, MyTaskIds(everything)[0]);
        Assert.Empty(Rows(inactive).Single(r => (int)r["task_id"]! == cancelled)["assignees"]!.AsArray());
    }

    [Fact]
    public async Task AllTasks_SearchAndRole_NarrowTheTab()
    {
        var laptop = await AddAsync("Laptop not working", TicketPriority.Medium, _now, assignee: _alice);
        var screen = await AddAsync("Screen broken", TicketPriority.Medium, _now, assignee: _alice, description: "The LAPTOP screen cracked");
        var printer = await AddAsync("Printer jam", TicketPriority.Medium, _now, assignee: _alice);
        var vpn = await AddAsync("VPN down on my laptop", TicketPriority.Medium, _now, assignee: _alice);
        await _scenario.TransitionAsync(_it, vpn, _alice, _bob, _now);

        var search = await PageAsync(Admin, "/api/tasks/all-tasks?tab=active&search=laptop");
        var managers = await PageAsync(Admin, "/api/tasks/all-tasks?role=Manager");
        var technicians = await PageAsync(Admin, "/api/tasks/all-tasks?role=it%20technician");
        var both = await PageAsync(Admin, "/api/tasks/all-tasks?role=IT%20Technician&search=laptop");
        var nobody = await PageAsync(Admin, "/api/tasks/all-tasks?role=Agent");

        Assert.Equal([laptop, screen, vpn], TaskIds(search).Order());
        Assert.Equal([vpn], TaskIds(managers));
        Assert.Equal("Resolution", (string)Rows(managers).Single()["current_step"]!["name"]!);
        Assert.Equal([laptop, screen, printer], TaskIds(technicians).Order());
        Assert.Equal([laptop, screen], TaskIds(both).Order());
        Assert.Equal(0, (int)nobody["count"]!);
    }

    [Fact]
    public async Task AllTasks_SortByPriority_RanksUrgentOverCriticalOverHighOverMediumOverLow()
    {
        var medium = await AddAsync("Medium", TicketPriority.Medium, _now, assignee: _alice);
        var urgent = await AddAsync("Urgent", TicketPriority.Urgent, _now, assignee: _alice);
        var low = await AddAsync("Low", TicketPriority.Low, _now, assignee: _alice);
        var high = await AddAsync("High", TicketPriority.High, _now, assignee: _alice);
        var critical = await AddAsync("Critical", TicketPriority.Critical, _now, assignee: _alice);

        var ascending = await PageAsync(Admin, "/api/tasks/all-tasks?sort=priority");
        var descending = await PageAsync(Admin, "/api/tasks/all-tasks?sort=priority&direction=desc");

        Assert.Equal([urgent, critical, high, medium, low], TaskIds(ascending));
        Assert.Equal([low, medium, high, critical, urgent], TaskIds(descending));
    }

    [Fact]
    public async Task AllTasks_SortByTicketNumber_BothWays_WhateverTheOrderTheyCameIn()
    {
        var b = await AddAsync("B", TicketPriority.Medium, _now, assignee: _alice, number: "TX-SORT-B");
        var c = await AddAsync("C", TicketPriority.Medium, _now.AddMinutes(-5), assignee: _alice, number: "TX-SORT-C");
        var a = await AddAsync("A", TicketPriority.Medium, _now.AddMinutes(-10), assignee: _alice, number: "TX-SORT-A");

        var ascending = await PageAsync(Admin, "/api/tasks/all-tasks?sort=ticket_number&search=tx-sort");
        var descending = await PageAsync(Admin, "/api/tasks/all-tasks?sort=ticket_number&direction=desc&search=tx-sort");

        Assert.Equal([a, b, c], TaskIds(ascending));
        Assert.Equal([c, b, a], TaskIds(descending));
    }

    [Fact]
    public async Task AllTasks_PageNewestFirst_TiesByTheLaterTask_AndCountTheWholeTabWithItsSearch()
    {
        var oldest = await AddAsync("Laptop slow", TicketPriority.Medium, _now.AddHours(-3), assignee: _alice);
        var tie1 = await AddAsync("Laptop dead", TicketPriority.Medium, _now.AddHours(-1), assignee: _alice);
        var tie2 = await AddAsync("Printer jam", TicketPriority.Medium, _now.AddHours(-1), assignee: _alice);
        var tie3 = await AddAsync("Mouse lost", TicketPriority.Medium, _now.AddHours(-1), assignee: null, description: "And the laptop too");
        var newest = await AddAsync("Laptop bag", TicketPriority.Medium, _now, assignee: null);
        var done = await AddAsync("Laptop returned", TicketPriority.Medium, _now.AddHours(-2), assignee: _alice);
        var doneToo = await AddAsync("Printer returned", TicketPriority.Medium, _now.AddHours(-2), assignee: _alice);
        await _scenario.CompleteAsync(_it, done, _alice, _now);
        await _scenario.CompleteAsync(_it, doneToo, _alice, _now);

        var active = await EveryPageAsync("/api/tasks/all-tasks?tab=active");
        var ascending = await EveryPageAsync("/api/tasks/all-tasks?tab=active&direction=asc");
        var search = await EveryPageAsync("/api/tasks/all-tasks?tab=active&search=LAPTOP");
        var inactive = await EveryPageAsync("/api/tasks/all-tasks?tab=inactive");
        var inactiveSearch = await EveryPageAsync("/api/tasks/all-tasks?tab=inactive&search=laptop");
        var unassigned = await EveryPageAsync("/api/tasks/all-tasks?tab=unassigned");
        var unassignedSearch = await EveryPageAsync("/api/tasks/all-tasks?tab=unassigned&search=bag");

        Assert.Equal([newest, tie3, tie2, tie1, oldest], active.Ids);
        Assert.Equal(5, active.Count);
        Assert.Equal([oldest, tie1, tie2, tie3, newest], ascending.Ids);
        Assert.Equal(5, ascending.Count);
        Assert.Equal([newest, tie3, tie1, oldest], search.Ids);
        Assert.Equal(4, search.Count);
        Assert.Equal([doneToo, done], inactive.Ids);
        Assert.Equal(2, inactive.Count);
        Assert.Equal([done], inactiveSearch.Ids);
        Assert.Equal(1, inactiveSearch.Count);
        Assert.Equal([newest, tie3], unassigned.Ids);
        Assert.Equal(2, unassigned.Count);
        Assert.Equal([newest], unassignedSearch.Ids);
        Assert.Equal(1, unassignedSearch.Count);
    }

    [Fact]
    public async Task OwnedTickets_Search_CountsAndPagesOnlyTheCallersMatchingTasks()
    {
        var first = await AddAsync("Laptop slow", TicketPriority.Medium, _now.AddHours(-2), assignee: _bob, coordinator: _alice);
        await AddAsync("Printer jam", TicketPriority.Medium, _now.AddHours(-1), assignee: _bob, coordinator: _alice);
        var second = await AddAsync("Screen broken", TicketPriority.Medium, _now.AddHours(-1), assignee: _bob, coordinator: _alice, description: "The LAPTOP screen");
        var done = await AddAsync("Laptop returned", TicketPriority.Medium, _now, assignee: _bob, coordinator: _alice);
        await _scenario.CompleteAsync(_it, done, _bob, _now);
        await AddAsync("Laptop of Bob's", TicketPriority.Medium, _now, assignee: _alice, coordinator: _bob);

        var mine = await EveryPageAsync("/api/tasks/owned-tickets?search=laptop", _aliceClient);
        var mineOpen = await EveryPageAsync("/api/tasks/owned-tickets?search=laptop&status=active", _aliceClient);

        Assert.Equal([done, second, first], mine.Ids);
        Assert.Equal(3, mine.Count);
        Assert.Equal([second, first], mineOpen.Ids);
        Assert.Equal(2, mineOpen.Count);
    }

    [Fact]
    public async Task OwnedTickets_ListOnlyTheCallersTasksAsCoordinator_EveryStatusByDefault()
    {
        var open = await AddAsync("Laptop not working", TicketPriority.High, _now, assignee: _bob, coordinator: _alice);
        var done = await AddAsync("Printer jam", TicketPriority.Medium, _now, assignee: _bob, coordinator: _alice);
        await _scenario.CompleteAsync(_it, done, _bob, _now);
        var bobs = await AddAsync("VPN down", TicketPriority.Medium, _now, assignee: _alice, coordinator: _bob);
        await AddAsync("Without a coordinator", TicketPriority.Medium, _now, assignee: _alice, coordinator: null);

        var mine = await PageAsync(_aliceClient, "/api/tasks/owned-tickets");
        var mineOpen = await PageAsync(_aliceClient, "/api/tasks/owned-tickets?status=active");
        var mineCompleted = await PageAsync(_aliceClient, "/api/tasks/owned-tickets?status=completed");
        var bobsOwn = await PageAsync(_bobClient, "/api/tasks/owned-tickets");

        Assert.Equal([open, done], TaskIds(mine).Order());
        Assert.All(Rows(mine), r => Assert.Equal(_alice, (int)r["coordinator"]!["user_id"]!));
        Assert.Equal([open], TaskIds(mineOpen));
        Assert.Equal([done], TaskIds(mineCompleted));
        Assert.Equal([bobs], TaskIds(bobsOwn));
        Assert.Equal("bob", (string)Rows(mine).Single(r => (int)r["task_id"]! == open)["assignees"]![0]!["display_name"]!);
    }

    [Theory]
    [InlineData("/api/tasks/my-tasks")]
    [InlineData("/api/tasks/all-tasks")]
    [InlineData("/api/tasks/owned-tickets")]
    public async Task ATaskView_Anonymously_Is401(string url)
    {
        var response = await App.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AllTasks_ForANonAdministrator_Is403_WhileTheirOwnViewsAnswer()
    {
        var allTasks = await _aliceClient.GetAsync("/api/tasks/all-tasks");
        var myTasks = await _aliceClient.GetAsync("/api/tasks/my-tasks");
        var owned = await _aliceClient.GetAsync("/api/tasks/owned-tickets");

        Assert.Equal(HttpStatusCode.Forbidden, allTasks.StatusCode);
        Assert.Equal(HttpStatusCode.OK, myTasks.StatusCode);
        Assert.Equal(HttpStatusCode.OK, owned.StatusCode);
    }

    [Theory]
    [InlineData("/api/tasks/all-tasks?tab=archived", "tab")]
    [InlineData("/api/tasks/my-tasks?page_size=201", "page_size")]
    [InlineData("/api/tasks/all-tasks?page_size=0", "page_size")]
    [InlineData("/api/tasks/owned-tickets?page=0", "page")]
    [InlineData("/api/tasks/my-tasks?page=two", "page")]
    [InlineData("/api/tasks/my-tasks?page=21474838&page_size=100", "page")]
    [InlineData("/api/tasks/all-tasks?page=11000000&page_size=200", "page")]
    [InlineData("/api/tasks/owned-tickets?page=2147483647", "page")]
    [InlineData("/api/tasks/my-tasks?sort=subject", "sort")]
    [InlineData("/api/tasks/all-tasks?direction=up", "direction")]
    [InlineData("/api/tasks/my-tasks?status=done", "status")]
    [InlineData("/api/tasks/owned-tickets?status=new", "status")]
    [InlineData("/api/tasks/my-tasks?priority=severe", "priority")]
    public async Task ABadQueryValue_Is400NamingTheParameter(string url, string parameter)
    {
        var response = await Admin.GetAsync(url);
        var problem = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([parameter], Json.ErrorKeys(problem));
    }

    private static List<JsonNode> Rows(JsonNode page) => page["results"]!.AsArray().Select(r => r!).ToList();

    private static List<int> MyTaskIds(JsonNode page) => Rows(page).Select(r => (int)r["task"]!["task_id"]!).ToList();

    private static List<int> TaskIds(JsonNode page) => Rows(page).Select(r => (int)r["task_id"]!).ToList();

    private static async Task<JsonNode> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>Every page of a task view, two rows at a time, with the count every page gave (they must agree).</summary>
    private async Task<(List<int> Ids, int Count)> EveryPageAsync(string url, HttpClient? client = null)
    {
        var ids = new List<int>();
        var counts = new HashSet<int>();
        for (var page = 1; ; page++)
        {
            var json = await PageAsync(client ?? Admin, $"{url}&page_size=2&page={page}");
            counts.Add((int)json["count"]!);
            ids.AddRange(TaskIds(json));
            if (Rows(json).Count < 2)
            {
                return (ids, Assert.Single(counts));
            }
        }
    }

    private Task<int> AddAsync(
        string subject, TicketPriority priority, DateTimeOffset at, int? assignee, int? coordinator = null,
        string? number = null, string description = "", RunningWorkflow? workflow = null) =>
        _scenario.AddTaskAsync(workflow ?? _it, subject, priority, at, coordinator, assignee, description, number);
}
