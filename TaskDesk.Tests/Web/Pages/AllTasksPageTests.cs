using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using Bunit;
using MudBlazor;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Tasks.Inboxes;

namespace TaskDesk.Tests.Web.Pages;

/// <summary>All Tasks over the real services, as an administrator. New Triage assignments alternate Tina, Theo, Tina, ...</summary>
public sealed class AllTasksPageTests : RuntimeComponentTest
{
    [Fact]
    public async Task Tabs_ShowOpenTasks_ClosedTasks_AndTasksWaitingForSomeone()
    {
        await TaskIdOfAsync(TicketBody("TX-TAB-OPEN"));
        await CancelAsync(await TaskIdOfAsync(TicketBody("TX-TAB-CLOSED")));
        await SetMemberActiveAsync(TechnicianRole, "tina@tests.local", false);
        await SetMemberActiveAsync(TechnicianRole, "theo@tests.local", false);
        await TaskIdOfAsync(TicketBody("TX-TAB-WAITING"));
        await SignInAsync(TaskDeskApp.AdminEmail);

        var page = Ctx.Render<AllTasksPage>();

        page.WaitForAssertion(() => Assert.Equal(["TX-TAB-OPEN", "TX-TAB-WAITING"], GridRows.Numbers(page).Order()), Patience);
        await OpenTabAsync(page, "Inactive");
        page.WaitForAssertion(() => Assert.Equal(["TX-TAB-CLOSED"], GridRows.Numbers(page)), Patience);
        Assert.Equal("Cancelled", GridRows.Cell(page, "TX-TAB-CLOSED", "status"));
        await OpenTabAsync(page, "Unassigned");
        page.WaitForAssertion(() => Assert.Equal(["TX-TAB-WAITING"], GridRows.Numbers(page)), Patience);
        Assert.Equal("Unassigned (IT Technician)", GridRows.Cell(page, "TX-TAB-WAITING", "assignee"));
    }

    [Fact]
    public async Task RoleFilterAndSearch_AskTheServerForFewerRows()
    {
        await TaskIdOfAsync(TicketBody("TX-ROLE-TRIAGE"));
        var printer = TicketBody("TX-ROLE-RESOLUTION");
        printer["description"] = "The printer on floor 3 jams.";
        await MoveOnAsync(await TaskIdOfAsync(printer));
        await SignInAsync(TaskDeskApp.AdminEmail);
        var page = Ctx.Render<AllTasksPage>();
        page.WaitForAssertion(() => Assert.Equal(2, GridRows.Numbers(page).Count), Patience);

        Pick(page, "filter-role", "Manager");
        page.WaitForAssertion(() => Assert.Equal(["TX-ROLE-RESOLUTION"], GridRows.Numbers(page)), Patience);
        Pick(page, "filter-role", "Any role");
        page.WaitForAssertion(() => Assert.Equal(2, GridRows.Numbers(page).Count), Patience);
        page.Find("input[data-testid=filter-search]").Input("floor 3");
        page.WaitForAssertion(() => Assert.Equal(["TX-ROLE-RESOLUTION"], GridRows.Numbers(page)), Patience);
    }

    [Fact]
    public async Task SortingByPriority_AsksTheServerForThatOrder()
    {
        await TaskIdOfAsync(TicketBody("TX-P-LOW", "low"));
        await TaskIdOfAsync(TicketBody("TX-P-URGENT", "urgent"));
        await TaskIdOfAsync(TicketBody("TX-P-MEDIUM", "medium"));
        await SignInAsync(TaskDeskApp.AdminEmail);
        var page = Ctx.Render<AllTasksPage>();
        page.WaitForAssertion(() => Assert.Equal(["TX-P-MEDIUM", "TX-P-URGENT", "TX-P-LOW"], GridRows.Numbers(page)), Patience);

        page.FindAll("th").Single(h => h.TextContent.Trim() == "Priority").QuerySelector(".sortable-column-header")!.Click();

        page.WaitForAssertion(() => Assert.Equal(["TX-P-URGENT", "TX-P-MEDIUM", "TX-P-LOW"], GridRows.Numbers(page)), Patience);
    }

    [Fact]
    public async Task ASelection_StaysCheckedAndCountedOnce_AfterSorting()
    {
        await TaskIdOfAsync(TicketBody("TX-SEL-LOW", "low"));
        await TaskIdOfAsync(TicketBody("TX-SEL-URGENT", "urgent"));
        await TaskIdOfAsync(TicketBody("TX-SEL-MEDIUM", "medium"));
        await SignInAsync(TaskDeskApp.AdminEmail);
        var page = Ctx.Render<AllTasksPage>();
        page.WaitForAssertion(() => Assert.Equal(3, GridRows.Numbers(page).Count), Patience);
        GridRows.Row(page, "TX-SEL-LOW").QuerySelector("input[type=checkbox]")!.Change(true);
        GridRows.Row(page, "TX-SEL-URGENT").QuerySelector("input[type=checkbox]")!.Change(true);
        page.WaitForAssertion(() => Assert.Equal("Transfer selected (2)", page.Find("[data-testid=bulk-transfer]").TextContent.Trim()));

        page.FindAll("th").Single(h => h.TextContent.Trim() == "Priority").QuerySelector(".sortable-column-header")!.Click();
        page.WaitForAssertion(() => Assert.Equal(["TX-SEL-URGENT", "TX-SEL-MEDIUM", "TX-SEL-LOW"], GridRows.Numbers(page)), Patience);

        // The reloaded rows are new objects: still checked, and checking one again does not count it twice.
        Assert.True(Checked(page, "TX-SEL-LOW"));
        Assert.True(Checked(page, "TX-SEL-URGENT"));
        Assert.False(Checked(page, "TX-SEL-MEDIUM"));
        GridRows.Row(page, "TX-SEL-LOW").QuerySelector("input[type=checkbox]")!.Change(true);
        page.WaitForAssertion(() => Assert.Equal("Transfer selected (2)", page.Find("[data-testid=bulk-transfer]").TextContent.Trim()));
    }

    private static bool Checked(IRenderedComponent<AllTasksPage> page, string number) =>
        GridRows.Row(page, number).QuerySelector("input[type=checkbox]")!.HasAttribute("checked")
        || GridRows.Row(page, number).QuerySelector("input[type=checkbox]")!.GetAttribute("aria-checked") == "true";

    [Fact]
    public async Task BulkTransfer_HandsEverySelectedAssignmentToTheChosenMember()
    {
        var first = await TaskIdOfAsync(TicketBody("TX-BULK-1"));
        var second = await TaskIdOfAsync(TicketBody("TX-BULK-2"));
        await TaskIdOfAsync(TicketBody("TX-BULK-3"));
        UserIds["tom@tests.local"] = await App.CreateUserAsync("tom@tests.local");
        await AddMemberAsync(TechnicianRole, UserIds["tom@tests.local"]);
        var (dialogs, page) = await BulkTransferAsync(rowsShown: 3, "TX-BULK-1", "TX-BULK-2");
        dialogs.WaitForAssertion(() => Assert.Contains("Transfer 2 assignments", dialogs.Markup, StringComparison.Ordinal), Patience);
        Choose(dialogs, "transfer-user", "tom (tom@tests.local)");
        dialogs.Find("[data-testid=transfer-confirm]").Click();

        var done = page.WaitForElement("[data-testid=action-done]", Patience);
        Assert.Equal("Transferred 2 of 2 selected assignments.", done.TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=action-refused]"));
        page.WaitForAssertion(() => Assert.Equal("tom", GridRows.Cell(page, "TX-BULK-2", "assignee")), Patience);
        Assert.Equal("tom", GridRows.Cell(page, "TX-BULK-1", "assignee"));
        Assert.NotEqual("tom", GridRows.Cell(page, "TX-BULK-3", "assignee"));
        Assert.Equal("tom@tests.local", (await CurrentAssigneeAsync(first)).Email);
        Assert.Equal("tom@tests.local", (await CurrentAssigneeAsync(second)).Email);
        Assert.Equal("Transfer selected (0)", page.Find("[data-testid=bulk-transfer]").TextContent.Trim());
    }

    [Fact]
    public async Task BulkTransfer_ReportsEachRefusedRowByTicket_AndTransfersTheRest()
    {
        var tinas = await TaskIdOfAsync(TicketBody("TX-PART-1"));
        var theos = await TaskIdOfAsync(TicketBody("TX-PART-2"));
        Assert.Equal("tina@tests.local", (await CurrentAssigneeAsync(tinas)).Email);
        Assert.Equal("theo@tests.local", (await CurrentAssigneeAsync(theos)).Email);
        var (dialogs, page) = await BulkTransferAsync(rowsShown: 2, "TX-PART-1", "TX-PART-2");
        Choose(dialogs, "transfer-user", "theo (theo@tests.local)");
        dialogs.Find("[data-testid=transfer-confirm]").Click();

        Assert.Equal("Transferred 1 of 2 selected assignments.", page.WaitForElement("[data-testid=action-done]", Patience).TextContent.Trim());
        var refused = page.Find("[data-testid=action-refused]").TextContent.Trim();
        Assert.StartsWith("TX-PART-2: ", refused, StringComparison.Ordinal);
        Assert.Contains($"is already assigned to user {UserIds["theo@tests.local"]}", refused, StringComparison.Ordinal);
        Assert.Equal("theo@tests.local", (await CurrentAssigneeAsync(tinas)).Email);
        page.WaitForAssertion(() => Assert.Equal("theo", GridRows.Cell(page, "TX-PART-1", "assignee")), Patience);
    }

    [Fact]
    public async Task BulkTransfer_OfAssignmentsOfSeveralRoles_IsRefusedBeforeAnythingIsAsked()
    {
        await TaskIdOfAsync(TicketBody("TX-MIX-1"));
        await MoveOnAsync(await TaskIdOfAsync(TicketBody("TX-MIX-2")));
        var (dialogs, page) = await BulkTransferAsync(rowsShown: 2, "TX-MIX-1", "TX-MIX-2");

        var refused = page.WaitForElement("[data-testid=action-refused]", Patience).TextContent;
        Assert.Contains("belong to several roles (IT Technician, Manager)", refused, StringComparison.Ordinal);
        Assert.Contains("Nothing was transferred.", refused, StringComparison.Ordinal);
        Assert.Empty(dialogs.FindAll("[data-testid=transfer-dialog]"));
    }

    /// <summary>Finds and clicks the tab in one go on the renderer, so a reload drawn in between cannot make the click miss.</summary>
    private static Task OpenTabAsync(IRenderedComponent<AllTasksPage> page, string text) =>
        page.InvokeAsync(() => page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == text).Click());

    /// <summary>As the administrator: opens All Tasks, waits for its rows, selects the given ones and asks to transfer them.</summary>
    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<AllTasksPage> Page)> BulkTransferAsync(int rowsShown, params string[] selected)
    {
        await SignInAsync(TaskDeskApp.AdminEmail);
        var dialogs = Ctx.Render<MudDialogProvider>();
        var page = Ctx.Render<AllTasksPage>();
        page.WaitForAssertion(() => Assert.Equal(rowsShown, GridRows.Numbers(page).Count), Patience);
        foreach (var number in selected)
        {
            GridRows.Row(page, number).QuerySelector("input[type=checkbox]")!.Change(true);
        }

        page.WaitForAssertion(() => Assert.Equal($"Transfer selected ({selected.Length})", page.Find("[data-testid=bulk-transfer]").TextContent.Trim()));
        page.Find("[data-testid=bulk-transfer]").Click();
        return (dialogs, page);
    }

    private async Task CancelAsync(int taskId)
    {
        var (status, body) = await PostAsync($"/api/tasks/{taskId}/cancel", new JsonObject { ["reason"] = "Raised twice." });
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
    }

    /// <summary>The administrator moves the task from Triage to Resolution (a Manager's step).</summary>
    private async Task MoveOnAsync(int taskId)
    {
        var transitionId = (int)(await TaskAsync(taskId))["available_transitions"]![0]!["transition_id"]!;
        var (status, body) = await PostAsync($"/api/transitions/{taskId}/transition", new JsonObject { ["transition_id"] = transitionId });
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
    }
}
