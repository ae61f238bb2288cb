using System.Net;
using System.Text.Json.Nodes;
using Bunit;
using MudBlazor;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Tasks.Inboxes;

namespace TaskDesk.Tests.Web.Pages;

/// <summary>Owned Tickets over the real services; Cole is out of rotation, so Cora coordinates every new task.</summary>
public sealed class OwnedTicketsPageTests : RuntimeComponentTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SetMemberActiveAsync(CoordinatorRole, "cole@tests.local", false);
    }

    [Fact]
    public async Task NothingCoordinated_SaysSo()
    {
        await SignInAsync("cora@tests.local");

        var page = Ctx.Render<OwnedTicketsPage>();

        page.WaitForAssertion(() => Assert.Equal("You coordinate no tasks that match.", page.Find("[data-testid=no-rows]").TextContent.Trim()), Patience);
    }

    [Fact]
    public async Task CoordinatedTasks_ShowStepAssigneeSlaStatusAndPriority()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-OWN-1", "urgent"));
        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        await SignInAsync("cora@tests.local");

        var page = Ctx.Render<OwnedTicketsPage>();

        page.WaitForAssertion(() => Assert.Equal(["TX-OWN-1"], GridRows.Numbers(page)), Patience);
        Assert.Equal(assignee.Split('@')[0], GridRows.Cell(page, "TX-OWN-1", "assignee"));
        Assert.Equal("Pending", GridRows.Cell(page, "TX-OWN-1", "status"));
        Assert.Equal("Urgent", GridRows.Cell(page, "TX-OWN-1", "priority"));
        Assert.Equal("ok", GridRows.SlaState(page, "TX-OWN-1"));
        Assert.Contains("Triage", GridRows.Row(page, "TX-OWN-1").TextContent, StringComparison.Ordinal);

        // The shared grid draws the link and the chip as MudLink and MudChip would, without a component each.
        Assert.Equal($"tasks/{taskId}", GridRows.Row(page, "TX-OWN-1").QuerySelector("[data-testid=task-link]")!.GetAttribute("href"));
        Assert.Contains("mud-chip-color-error", GridRows.Row(page, "TX-OWN-1").QuerySelector("[data-testid=priority]")!.ClassList);
        Assert.Empty(page.FindComponents<MudLink>());
        Assert.Empty(page.FindComponents<MudChip<string>>());
    }

    [Fact]
    public async Task Administrator_SeesOnlyTheTicketsTheyCoordinate_HereNone()
    {
        await TaskIdOfAsync(TicketBody("TX-OWN-2"));
        await SignInAsync(TaskDeskApp.AdminEmail);

        var page = Ctx.Render<OwnedTicketsPage>();

        page.WaitForElement("[data-testid=no-rows]", Patience);
        Assert.Empty(GridRows.Numbers(page));
    }

    [Fact]
    public async Task Transfer_HandsTheAssignmentToTheChosenMember_AndTheRowShowsThemAtOnce()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-OWN-3"));
        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var other = assignee == "tina@tests.local" ? "theo" : "tina";
        await SignInAsync("cora@tests.local");
        var dialogs = Ctx.Render<MudDialogProvider>();
        var page = Ctx.Render<OwnedTicketsPage>();
        page.WaitForElement("[data-testid=transfer-TX-OWN-3]", Patience).Click();

        Choose(dialogs, "transfer-user", $"{other} ({other}@tests.local)");
        dialogs.Find("textarea[data-testid=transfer-notes]").Input("Covering while away.");
        dialogs.Find("[data-testid=transfer-confirm]").Click();

        page.WaitForAssertion(() => Assert.Equal(other, GridRows.Cell(page, "TX-OWN-3", "assignee")), Patience);
        // The grid reloads first, then the page shows what was done: wait for that too.
        Assert.Equal("TX-OWN-3: the Triage assignment was transferred.", page.WaitForElement("[data-testid=action-done]", Patience).TextContent.Trim());
        Assert.Equal($"{other}@tests.local", (await CurrentAssigneeAsync(taskId)).Email);
    }

    [Fact]
    public async Task Escalate_WhereTheStepNamesNoEscalationRole_ShowsTheServicesRefusal()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-OWN-4"));
        var before = await CurrentAssigneeAsync(taskId);
        await SignInAsync("cora@tests.local");
        var dialogs = Ctx.Render<MudDialogProvider>();
        var page = Ctx.Render<OwnedTicketsPage>();
        page.WaitForElement("[data-testid=escalate-TX-OWN-4]", Patience).Click();

        dialogs.WaitForElement("textarea[data-testid=reason-text]", Patience).Input("The customer asks for a manager.");
        dialogs.Find("[data-testid=reason-confirm]").Click();

        var refused = page.WaitForElement("[data-testid=action-refused]", Patience);
        Assert.StartsWith("TX-OWN-4: No escalation role configured for this step", refused.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("The customer asks for a manager.", page.Find("[data-testid=unsent-text]").TextContent);
        Assert.Equal(before, await CurrentAssigneeAsync(taskId));
    }

    [Fact]
    public async Task AClosedTask_ShowsNoCountdown_ItsClockHasStopped()
    {
        await TaskIdOfAsync(TicketBody("TX-OWN-OPEN"));
        var closedId = await TaskIdOfAsync(TicketBody("TX-OWN-CLOSED"));
        var (cancelled, body) = await PostAsync($"/api/tasks/{closedId}/cancel", new JsonObject { ["reason"] = "Raised twice." });
        Assert.True(cancelled == HttpStatusCode.OK, body.ToJsonString());
        await SignInAsync("cora@tests.local");
        var page = Ctx.Render<OwnedTicketsPage>();
        page.WaitForAssertion(() => Assert.Equal(["TX-OWN-OPEN"], GridRows.Numbers(page)), Patience);

        Pick(page, "filter-status", "Every status");

        page.WaitForAssertion(() => Assert.Equal(2, GridRows.Numbers(page).Count), Patience);
        Assert.Equal("ok", GridRows.SlaState(page, "TX-OWN-OPEN"));
        Assert.Equal("Cancelled", GridRows.Cell(page, "TX-OWN-CLOSED", "status"));
        Assert.Equal("none", GridRows.SlaState(page, "TX-OWN-CLOSED"));
    }

    [Fact]
    public async Task ActingOnATaskSomeoneElseCancelled_ShowsTheRefusal_AndReloadsTheFreshState()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-OWN-5"));
        await TaskIdOfAsync(TicketBody("TX-OWN-6"));
        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var other = assignee == "tina@tests.local" ? "theo" : "tina";
        await SignInAsync("cora@tests.local");
        var dialogs = Ctx.Render<MudDialogProvider>();
        var page = Ctx.Render<OwnedTicketsPage>();
        page.WaitForElement("[data-testid=transfer-TX-OWN-5]", Patience);

        var (cancelled, body) = await PostAsync($"/api/tasks/{taskId}/cancel", new JsonObject { ["reason"] = "Raised twice." });
        Assert.True(cancelled == HttpStatusCode.OK, body.ToJsonString());
        page.Find("[data-testid=transfer-TX-OWN-5]").Click();
        Choose(dialogs, "transfer-user", $"{other} ({other}@tests.local)");
        dialogs.Find("textarea[data-testid=transfer-notes]").Input("Specialist for docking stations.");
        dialogs.Find("[data-testid=transfer-confirm]").Click();

        var refused = page.WaitForElement("[data-testid=action-refused]", Patience);
        Assert.StartsWith("TX-OWN-5: ", refused.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("cancelled", refused.TextContent, StringComparison.Ordinal);
        Assert.Equal("Specialist for docking stations.", page.Find("[data-testid=unsent-text]").TextContent);
        page.WaitForAssertion(() => Assert.Equal(["TX-OWN-6"], GridRows.Numbers(page)), Patience);
        await using var db = App.CreateDbContext();
        Assert.Equal([UserIds[assignee]], db.TaskItems.Where(i => i.TaskId == taskId).Select(i => i.UserId).ToList());
    }
}
