using Bunit;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Tickets;

namespace TaskDesk.Tests.Web.Pages;

/// <summary>Unmatched tickets over the real services: only the seed's IT / Technology workflow takes tickets at first.</summary>
public sealed class UnmatchedTicketsPageTests : RuntimeComponentTest
{
    [Fact]
    public async Task NoUnmatchedTicket_SaysEveryTicketWasMatched()
    {
        await TaskIdOfAsync(TicketBody("TX-UM-OK"));
        await SignInAsync(TaskDeskApp.AdminEmail);

        var page = Ctx.Render<UnmatchedTicketsPage>();

        page.WaitForAssertion(() => Assert.Equal("Every ticket was matched to a workflow.", page.Find("[data-testid=no-rows]").TextContent.Trim()), Patience);
    }

    [Fact]
    public async Task MatchAgain_WhileNoWorkflowFits_SaysItIsStillUnmatched_AndKeepsTheRow()
    {
        await TakeInAsync(TicketBody("TX-UM-HR", department: "HR"));
        await SignInAsync(TaskDeskApp.AdminEmail);
        var page = Ctx.Render<UnmatchedTicketsPage>();
        page.WaitForAssertion(() => Assert.Equal(["TX-UM-HR"], GridRows.Numbers(page)), Patience);
        Assert.Contains("HR", GridRows.Row(page, "TX-UM-HR").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=match-TX-UM-HR]").Click();

        var result = page.WaitForElement("[data-testid=match-result]", Patience).TextContent;
        Assert.Contains("TX-UM-HR still matches no initialized workflow (HR / Technology)", result, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal(["TX-UM-HR"], GridRows.Numbers(page)), Patience);
    }

    [Fact]
    public async Task MatchAgain_OnceAWorkflowFits_LinksToTheNewTask_AndTheRowGoes()
    {
        await TakeInAsync(TicketBody("TX-UM-LATE", department: "Facilities"));
        await SignInAsync(TaskDeskApp.AdminEmail);
        var page = Ctx.Render<UnmatchedTicketsPage>();
        page.WaitForAssertion(() => Assert.Equal(["TX-UM-LATE"], GridRows.Numbers(page)), Patience);
        var body = SeedBody();
        body["workflow"]!["name"] = "Facilities request";
        body["workflow"]!["department"] = "Facilities";
        var workflowId = (int)(await CreateWorkflowAsync(body))["workflow"]!["workflow_id"]!;
        await MoveAsync(workflowId, "deploy", "initialize");

        page.Find("[data-testid=match-TX-UM-LATE]").Click();

        var result = page.WaitForElement("[data-testid=match-result]", Patience);
        Assert.Contains("TX-UM-LATE was matched to Facilities request (v1); its task is at Triage.", result.TextContent, StringComparison.Ordinal);
        var taskId = (int)(await WaitForIntakeAsync("TX-UM-LATE"))["task"]!["task_id"]!;
        Assert.Equal($"tasks/{taskId}", result.QuerySelector("[data-testid=matched-task-link]")!.GetAttribute("href"));
        page.WaitForAssertion(() => Assert.Empty(GridRows.Numbers(page)), Patience);
    }

    [Fact]
    public async Task Search_AsksTheServerForMatchingTicketsOnly()
    {
        await TakeInAsync(TicketBody("TX-UM-A", department: "HR"));
        await TakeInAsync(TicketBody("TX-UM-B", department: "Legal"));
        await SignInAsync(TaskDeskApp.AdminEmail);
        var page = Ctx.Render<UnmatchedTicketsPage>();
        page.WaitForAssertion(() => Assert.Equal(["TX-UM-A", "TX-UM-B"], GridRows.Numbers(page)), Patience);

        page.Find("input[data-testid=filter-search]").Input("legal");

        page.WaitForAssertion(() => Assert.Equal(["TX-UM-B"], GridRows.Numbers(page)), Patience);
    }

    [Fact]
    public async Task SomeoneNotAnAdministrator_SeesTheServicesRefusal_NotTheTickets()
    {
        await TakeInAsync(TicketBody("TX-UM-HIDDEN", department: "HR"));
        await SignInAsync("ava@tests.local");

        var page = Ctx.Render<UnmatchedTicketsPage>();

        Assert.Equal("Only administrators may do this.", page.WaitForElement("[data-testid=action-refused]", Patience).TextContent.Trim());
        Assert.Empty(GridRows.Numbers(page));
    }
}
