using System.Net;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.Time.Testing;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Notifications;
using TaskDesk.Web.Features.Tasks.Inboxes;
using TaskDesk.Web.Features.Tasks.Shared;

namespace TaskDesk.Tests.Web.Pages;

/// <summary>
/// My Tasks over the real services. Theo is out of rotation, so every Triage assignment goes to Tina; Triage gets 0.2 of
/// the ticket's SLA (urgent 4 h → 48 min, high 24 h → 4.8 h, medium 48 h → 9.6 h, low 72 h → 14.4 h).
/// </summary>
public sealed class MyTasksPageTests : RuntimeComponentTest
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    protected override TaskDeskApp CreateApp() => new() { Clock = _clock };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SetMemberActiveAsync(TechnicianRole, "theo@tests.local", false);
    }

    [Fact]
    public async Task NothingAssigned_SaysSo()
    {
        await SignInAsync("tina@tests.local");

        var page = Ctx.Render<MyTasksPage>();

        page.WaitForAssertion(() => Assert.Contains("Nothing assigned to you right now", page.Find("[data-testid=no-rows]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Empty(GridRows.Numbers(page));
    }

    [Fact]
    public async Task Assignments_ShowTheirTicketWorkflowStepRoleStatusAndPriority_OnlyForTheSignedInUser()
    {
        await TaskIdOfAsync(TicketBody("TX-MT-1", "high"));
        await SignInAsync("tina@tests.local");

        var page = Ctx.Render<MyTasksPage>();

        page.WaitForAssertion(() => Assert.Equal(["TX-MT-1"], GridRows.Numbers(page)), Patience);
        var row = GridRows.Row(page, "TX-MT-1").TextContent;
        foreach (var expected in new[] { "Laptop not working", "IT Support Request", "Triage", "IT Technician", "New", "High", "2025-03-10 08:00 UTC" })
        {
            Assert.Contains(expected, row, StringComparison.Ordinal);
        }

        Assert.Equal("4h 48m left", GridRows.Cell(page, "TX-MT-1", "sla-countdown"));
        Assert.Equal($"tasks/{await TaskIdOfTicketAsync("TX-MT-1")}", GridRows.Row(page, "TX-MT-1").QuerySelector("[data-testid=task-link]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task DefaultOrder_IsBreachedFirst_ThenNearestTarget_WithCountdownColours()
    {
        await TaskIdOfAsync(TicketBody("TX-LOW", "low"));
        await TaskIdOfAsync(TicketBody("TX-URGENT", "urgent"));
        _clock.Advance(TimeSpan.FromHours(1));
        await TaskIdOfAsync(TicketBody("TX-HIGH", "high"));
        await TaskIdOfAsync(TicketBody("TX-MEDIUM", "medium"));

        // Five hours in: urgent is past its 48 minutes; high has used 4 of its 4.8 hours (83 % ≥ 75 %).
        _clock.Advance(TimeSpan.FromHours(4));
        await SignInAsync("tina@tests.local");
        var page = Ctx.Render<MyTasksPage>();

        page.WaitForAssertion(() => Assert.Equal(["TX-URGENT", "TX-HIGH", "TX-MEDIUM", "TX-LOW"], GridRows.Numbers(page)), Patience);
        Assert.Equal("breached", GridRows.SlaState(page, "TX-URGENT"));
        Assert.Equal("4h 12m overdue", GridRows.Cell(page, "TX-URGENT", "sla-countdown"));
        Assert.Equal("warning", GridRows.SlaState(page, "TX-HIGH"));
        Assert.Equal("ok", GridRows.SlaState(page, "TX-MEDIUM"));
        Assert.Equal("ok", GridRows.SlaState(page, "TX-LOW"));
    }

    [Fact]
    public async Task TheCountdowns_RedrawAsTheClockRuns_WithoutAComponentPerRow()
    {
        await TaskIdOfAsync(TicketBody("TX-TICK-1", "urgent"));
        await TaskIdOfAsync(TicketBody("TX-TICK-2", "low"));
        await SignInAsync("tina@tests.local");
        var page = Ctx.Render<MyTasksPage>();
        page.WaitForAssertion(() => Assert.Equal(["TX-TICK-1", "TX-TICK-2"], GridRows.Numbers(page)), Patience);
        Assert.Equal("48m left", GridRows.Cell(page, "TX-TICK-1", "sla-countdown"));

        // The link, the priority and the countdown are markup: a row has no component of its own.
        Assert.Equal(2, page.FindAll("[data-testid=sla-countdown]").Count);
        Assert.Empty(page.FindComponents<SlaCountdown>());
        Assert.Empty(page.FindComponents<MudBlazor.MudChip<string>>());
        Assert.Empty(page.FindComponents<MudBlazor.MudLink>());

        // 40 of the urgent triage's 48 minutes gone: 83 % ≥ 75 %.
        _clock.Advance(TimeSpan.FromMinutes(40));
        page.WaitForAssertion(() => Assert.Equal(("8m left", "warning"), (GridRows.Cell(page, "TX-TICK-1", "sla-countdown"), GridRows.SlaState(page, "TX-TICK-1"))), Patience);
        page.WaitForAssertion(() => Assert.Equal("13h 44m left", GridRows.Cell(page, "TX-TICK-2", "sla-countdown")), Patience);

        _clock.Advance(TimeSpan.FromMinutes(9));
        page.WaitForAssertion(() => Assert.Equal(("1m overdue", "breached"), (GridRows.Cell(page, "TX-TICK-1", "sla-countdown"), GridRows.SlaState(page, "TX-TICK-1"))), Patience);
        Assert.Equal(["TX-TICK-1", "TX-TICK-2"], GridRows.Numbers(page));
    }

    [Fact]
    public async Task ATick_RedrawsOnlyTheCountdowns_NeverThePageOrItsFilters_SoASearchSurvives()
    {
        await TaskIdOfAsync(TicketBody("TX-KEEP-1", "high"));
        var printer = TicketBody("TX-KEEP-2", "low");
        printer["subject"] = "Printer jams on floor 3";
        await TaskIdOfAsync(printer);

        // The assignments' notifications would reload the list when the relay hands them on: the page opens after that.
        await RelayIsLiveAsync("tina@tests.local");
        await SignInAsync("tina@tests.local");
        var page = Ctx.Render<CountedMyTasksPage>();
        page.WaitForAssertion(() => Assert.Equal(2, GridRows.Numbers(page).Count), Patience);

        // Typed, then the clock moves past the debounce and a tick in one go.
        await SearchAsync(page, "printer", advance: SlaTicker.Period);
        page.WaitForAssertion(() => AfterTheDebounce(() => Assert.Equal(["TX-KEEP-2"], GridRows.Numbers(page))), Patience);
        var filters = page.FindComponent<InboxFilters>();
        var renders = await SettledRenderCountsAsync(page, filters);
        var before = GridRows.Cell(page, "TX-KEEP-2", "sla-countdown");

        // Ten minutes in ticks: the countdown's minutes change, nothing else is drawn.
        for (var tick = 0; tick < 20; tick++)
        {
            _clock.Advance(SlaTicker.Period);
        }

        // Low: triage has 14.4 h from the assignment, made at the start.
        var target = Start.AddHours(14.4);
        page.WaitForAssertion(() => Assert.Equal(SlaReading.At(_clock.GetUtcNow(), target, Start, paused: false, warningAt: 0.75).Text, GridRows.Cell(page, "TX-KEEP-2", "sla-countdown")), Patience);
        Assert.NotEqual(before, GridRows.Cell(page, "TX-KEEP-2", "sla-countdown"));
        Assert.Equal(renders, await SettledRenderCountsAsync(page, filters));
        Assert.Equal("printer", page.Find("input[data-testid=filter-search]").GetAttribute("value"));
        Assert.Equal(["TX-KEEP-2"], GridRows.Numbers(page));
    }

    [Fact]
    public async Task SortingByAColumn_AsksTheServerForThatOrder_BothWays()
    {
        await TaskIdOfAsync(TicketBody("TX-1-LOW", "low"));
        await TaskIdOfAsync(TicketBody("TX-2-URGENT", "urgent"));
        await SignInAsync("tina@tests.local");
        var page = Ctx.Render<MyTasksPage>();
        page.WaitForAssertion(() => Assert.Equal(["TX-2-URGENT", "TX-1-LOW"], GridRows.Numbers(page)), Patience);

        SortBy(page, "Ticket");
        page.WaitForAssertion(() => Assert.Equal(["TX-1-LOW", "TX-2-URGENT"], GridRows.Numbers(page)), Patience);
        SortBy(page, "Ticket");
        page.WaitForAssertion(() => Assert.Equal(["TX-2-URGENT", "TX-1-LOW"], GridRows.Numbers(page)), Patience);
    }

    [Fact]
    public async Task SortingByPriorityOrAssignedOn_AsksTheServerForThatOrder_BothWays_AndTheHeaderSaysWhich()
    {
        await TaskIdOfAsync(TicketBody("TX-P-3", "medium"));
        _clock.Advance(TimeSpan.FromHours(1));
        await TaskIdOfAsync(TicketBody("TX-P-1", "urgent"));
        _clock.Advance(TimeSpan.FromHours(1));
        await TaskIdOfAsync(TicketBody("TX-P-2", "low"));
        await SignInAsync("tina@tests.local");
        var page = Ctx.Render<MyTasksPage>();
        page.WaitForAssertion(() => Assert.Equal(3, GridRows.Numbers(page).Count), Patience);

        SortBy(page, "Priority");
        page.WaitForAssertion(() => Assert.Equal(["TX-P-1", "TX-P-3", "TX-P-2"], GridRows.Numbers(page)), Patience);
        Assert.Equal("ascending", Header(page, "Priority").GetAttribute("aria-sort"));
        SortBy(page, "Priority");
        page.WaitForAssertion(() => Assert.Equal(["TX-P-2", "TX-P-3", "TX-P-1"], GridRows.Numbers(page)), Patience);
        Assert.Equal("descending", Header(page, "Priority").GetAttribute("aria-sort"));

        SortBy(page, "Assigned on");
        page.WaitForAssertion(() => Assert.Equal(["TX-P-3", "TX-P-1", "TX-P-2"], GridRows.Numbers(page)), Patience);
        Assert.Equal("ascending", Header(page, "Assigned on").GetAttribute("aria-sort"));
        Assert.False(Header(page, "Priority").HasAttribute("aria-sort"));
        SortBy(page, "Assigned on");
        page.WaitForAssertion(() => Assert.Equal(["TX-P-2", "TX-P-1", "TX-P-3"], GridRows.Numbers(page)), Patience);
    }

    [Fact]
    public async Task SearchAndPriorityFilters_AskTheServerForFewerRows()
    {
        await TaskIdOfAsync(TicketBody("TX-F-1", "high"));
        var printer = TicketBody("TX-F-2", "low");
        printer["subject"] = "Printer jams on floor 3";
        await TaskIdOfAsync(printer);
        await SignInAsync("tina@tests.local");
        var page = Ctx.Render<MyTasksPage>();
        page.WaitForAssertion(() => Assert.Equal(2, GridRows.Numbers(page).Count), Patience);

        await SearchAsync(page, "printer");
        page.WaitForAssertion(() => AfterTheDebounce(() => Assert.Equal(["TX-F-2"], GridRows.Numbers(page))), Patience);

        await SearchAsync(page, "");
        page.WaitForAssertion(() => AfterTheDebounce(() => Assert.Equal(2, GridRows.Numbers(page).Count)), Patience);
        Pick(page, "filter-priority", "High");
        page.WaitForAssertion(() => Assert.Equal(["TX-F-1"], GridRows.Numbers(page)), Patience);

        Pick(page, "filter-priority", "Urgent");
        page.WaitForAssertion(() => Assert.Contains("None of your assignments match", page.Find("[data-testid=no-rows]").TextContent, StringComparison.Ordinal), Patience);
    }

    [Fact]
    public async Task StatusFilter_Every_ShowsAssignmentsAlreadyHandedOn()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-S-1"));
        var (moved, body) = await PostAsync($"/api/transitions/{taskId}/transition", new JsonObject { ["transition_id"] = await FirstTransitionIdAsync(taskId), ["notes"] = "Routed." });
        Assert.True(moved == HttpStatusCode.OK, body.ToJsonString());
        await SignInAsync("tina@tests.local");
        var page = Ctx.Render<MyTasksPage>();
        page.WaitForElement("[data-testid=no-rows]", Patience);

        Pick(page, "filter-status", "Every status");

        page.WaitForAssertion(() => Assert.Equal(["TX-S-1"], GridRows.Numbers(page)), Patience);
        Assert.Contains("Resolved", GridRows.Cell(page, "TX-S-1", "status"), StringComparison.Ordinal);
        Assert.Equal("none", GridRows.SlaState(page, "TX-S-1"));
    }

    [Fact]
    public async Task ANewAssignment_AppearsWithoutReloading_AndTheSubscriptionEndsWithThePage()
    {
        await SignInAsync("tina@tests.local");
        var feed = App.Service<NotificationFeed>();
        var page = Ctx.Render<MyTasksPage>();
        page.WaitForElement("[data-testid=no-rows]", Patience);
        Assert.Equal(1, feed.SubscriberCount(UserIds["tina@tests.local"]));

        await TaskIdOfAsync(TicketBody("TX-LIVE-1"));

        page.WaitForAssertion(() => Assert.Equal(["TX-LIVE-1"], GridRows.Numbers(page)), Patience);
        await Ctx.DisposeComponentsAsync();
        Assert.Equal(0, feed.SubscriberCount(UserIds["tina@tests.local"]));
    }

    private async Task<int> TaskIdOfTicketAsync(string number) => (int)(await WaitForIntakeAsync(number))["task"]!["task_id"]!;

    private async Task<int> FirstTransitionIdAsync(int taskId) => (int)(await TaskAsync(taskId))["available_transitions"]![0]!["transition_id"]!;

    /// <summary>
    /// Types in the search box, then moves the app's clock (this test's) past its 300 ms debounce. The clock moves only once
    /// the box shows the text: its input handler starts the debounce on the clock, and a renderer busy with the last
    /// reload may run it after this call returns — moved before that, the clock would leave the wait unfinished forever.
    /// </summary>
    private async Task SearchAsync<TPage>(IRenderedComponent<TPage> page, string text, TimeSpan? advance = null)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        page.Find("input[data-testid=filter-search]").Input(text);
        await Wait.UntilAsync(() => (page.Find("input[data-testid=filter-search]").GetAttribute("value") ?? "") == text, $"the search box to take '{text}'", seconds: 20);
        _clock.Advance(advance ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The search box waits on the app's clock (this test's fake one): if the renderer was busy when the clock moved, the
    /// debounce started after it, so each failed check moves the clock on again.
    /// </summary>
    private void AfterTheDebounce(Action assertion)
    {
        try
        {
            assertion();
        }
        catch
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            throw;
        }
    }

    /// <summary>
    /// How often the page drew itself and the filters drew themselves (with their fields), once the renderer has nothing
    /// left to do: a filter's reload ends with one more render of the page, queued after the rows it drew.
    /// </summary>
    private static async Task<(int Page, int Filters)> SettledRenderCountsAsync(IRenderedComponent<CountedMyTasksPage> page, IRenderedComponent<InboxFilters> filters)
    {
        (int, int) counts;
        (int, int) now = (-1, -1);
        do
        {
            counts = now;
            await Task.Delay(200);
            now = await page.InvokeAsync(() => (page.Instance.Renders, filters.RenderCount));
        }
        while (counts != now);

        return now;
    }

    private static void SortBy(IRenderedComponent<MyTasksPage> page, string column) =>
        Header(page, column).QuerySelector("button.sortable-column-header")!.Click();

    private static AngleSharp.Dom.IElement Header(IRenderedComponent<MyTasksPage> page, string column) =>
        page.FindAll("th").Single(h => h.TextContent.Trim() == column);

    /// <summary>My Tasks counting its own renders: bUnit's RenderCount counts its children's too (the countdowns').</summary>
    private sealed class CountedMyTasksPage : MyTasksPage
    {
        public int Renders { get; private set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            Renders++;
            base.BuildRenderTree(builder);
        }
    }
}
