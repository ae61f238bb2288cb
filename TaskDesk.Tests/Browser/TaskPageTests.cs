using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Setup;

namespace TaskDesk.Tests.Browser;

[Trait("Category", "Browser")]
[Collection(BrowserFixture.Collection)]
public sealed class TaskPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ATicketRaisedInTheBrowser_ArrivesLiveInMyTasks_IsTransitionedAndTransferred_OnItsTaskPage()
    {
        // Every agent in the rotation has My Tasks open before the ticket is raised.
        var myTasks = new Dictionary<string, IPage>();
        foreach (var email in await MyTasksList.ActiveMembersAsync(browser.App, "Agent"))
        {
            myTasks[email] = await MyTasksList.OpenAsync(browser, email);
            await myTasks[email].EvaluateAsync("() => window.stillTheSamePage = true");
        }

        var requester = await browser.SignedInPageAsync("mia.manager@taskdesk.local");
        var number = await NewTicketForm.SubmitAsync(requester, "VPN drops every hour", "Since Monday the VPN disconnects hourly.", "IT", "Technology", "urgent");
        var ticket = await NewTicketForm.WaitUntilMatchedAsync(browser.App, number);
        Assert.NotNull(ticket);
        var (taskId, coordinator, triage) = await TaskAsync(ticket.Id);
        var definition = await DefinitionAsync(taskId);
        var triageStep = definition.Nodes.Single(n => n.Name == "Triage");
        var resolutionStep = definition.Nodes.Single(n => n.Name == "Resolution");
        var assign = definition.Edges.Single(e => e.Name == "Assign");

        // The agent the ticket went to sees it arrive in My Tasks without reloading, and opens it from there:
        // their assignment moves to in progress.
        var agent = myTasks[await EmailOfAsync(triage.UserId!.Value)];
        var arrived = MyTasksList.Row(agent, number);
        await Assertions.Expect(arrived).ToContainTextAsync("VPN drops every hour", new() { Timeout = 30_000 });
        Assert.True(await agent.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "My Tasks was reloaded");
        await OpenFromListAsync(agent, number, taskId);
        await Assertions.Expect(agent.Locator("[data-testid=task-title]")).ToContainTextAsync("VPN drops every hour");
        await Assertions.Expect(agent.Locator($"[data-testid=assignment][data-item-id='{triage.Id}'] [data-testid=assignment-status]")).ToHaveTextAsync("in progress");
        await Assertions.Expect(agent.Locator("[data-testid=task-status]")).ToHaveTextAsync("in progress");
        await AssertHighlightedAsync(agent, triageStep.StepId);

        // ...and moves it on with a note through the transition's own button and the notes dialog.
        await agent.Locator($"[data-testid=transition-{assign.TransitionId}]").ClickAsync();
        await agent.Locator("textarea[data-testid=reason-text]").FillAsync("Checked the laptop: it is the VPN client.");
        await agent.Locator("[data-testid=reason-confirm]").ClickAsync();
        await Assertions.Expect(agent.Locator("[data-testid=task-current-step]")).ToHaveTextAsync("Resolution");
        await Assertions.Expect(agent.Locator($"[data-testid=transition-{assign.TransitionId}]")).ToHaveCountAsync(0);

        // The next step's technician opens it and sees it.
        var resolution = await CurrentItemAsync(taskId);
        var technicianEmail = await EmailOfAsync(resolution.UserId!.Value);
        var technician = await MyTasksList.OpenAsync(browser, technicianEmail);
        await OpenFromListAsync(technician, number, taskId);
        await Assertions.Expect(technician.Locator("[data-testid=task-current-step]")).ToHaveTextAsync("Resolution");
        await Assertions.Expect(technician.Locator($"[data-testid=assignment][data-item-id='{resolution.Id}'] [data-testid=assignment-status]")).ToHaveTextAsync("in progress");
        await Assertions.Expect(technician.Locator("[data-testid=timeline-note]", new() { HasText = "Checked the laptop: it is the VPN client." })).ToBeVisibleAsync();

        // The coordinator hands the technician's assignment to the other technician.
        var other = DemoData.Accounts.Single(a => a.Role == "IT Technician" && a.Email != technicianEmail);
        var coordinatorPage = await browser.SignedInPageAsync(await EmailOfAsync(coordinator));
        await OpenTaskAsync(coordinatorPage, taskId);
        await coordinatorPage.Locator($"[data-testid=transfer-{resolution.Id}]").ClickAsync();
        await NewTicketForm.ChooseAsync(coordinatorPage, "transfer-user", other.DisplayName);
        await coordinatorPage.Locator("textarea[data-testid=transfer-notes]").FillAsync("Theo knows the VPN client.");
        await coordinatorPage.Locator("[data-testid=transfer-confirm]").ClickAsync();
        await Assertions.Expect(coordinatorPage.Locator("[data-testid=assignment-user]")).ToHaveTextAsync(other.DisplayName);

        // The history tells all of it, in order, with who did it; the canvas marks the step the task is at.
        var timeline = coordinatorPage.Locator("[data-testid=timeline-text]");
        var triager = DisplayName(await EmailOfAsync(triage.UserId!.Value));
        var technicianName = DisplayName(technicianEmail);
        await Assertions.Expect(timeline).ToHaveTextAsync(
        [
            $"Task created at Triage for ticket {number}",
            $"Triage assigned to {triager} (Agent)",
            "Task started",
            $"{triager} started work on Triage",
            "Moved from Triage to Resolution",
            $"Resolution assigned to {technicianName} (IT Technician)",
            $"{technicianName} started work on Resolution",
            $"Resolution transferred from {technicianName} to {other.DisplayName}",
            $"Resolution assigned to {other.DisplayName} (IT Technician) by transfer",
        ]);
        var transferred = coordinatorPage.Locator("[data-testid=timeline-entry][data-kind=transferred]");
        await Assertions.Expect(transferred.Locator("[data-testid=timeline-note]")).ToContainTextAsync("Theo knows the VPN client.");
        await Assertions.Expect(transferred.Locator("[data-testid=timeline-by]")).ToContainTextAsync(DisplayName(await EmailOfAsync(coordinator)));
        await AssertHighlightedAsync(coordinatorPage, resolutionStep.StepId);
        await DesignerPage.ScreenshotAsync(coordinatorPage, "task-page-after-transfer");

        await using var db = browser.App.CreateDbContext();
        var items = await db.TaskItems.AsNoTracking().Where(i => i.TaskId == taskId).OrderBy(i => i.Id).ToListAsync();
        Assert.Equal(
            [(triage.UserId, AssignmentStatus.Resolved), (resolution.UserId, AssignmentStatus.Reassigned), (await UserIdAsync(other.Email), AssignmentStatus.New)],
            items.Select(i => (i.UserId, i.Status)));
    }

    private static async Task OpenTaskAsync(IPage page, int taskId)
    {
        var response = await page.GotoAsync($"/tasks/{taskId}");
        Assert.Equal(200, response!.Status);
        await BrowserFixture.WaitUntilInteractiveAsync(page);
    }

    /// <summary>Clicks the ticket's number in a task list, as a user does, and waits for the task page.</summary>
    private async Task OpenFromListAsync(IPage page, string number, int taskId)
    {
        await MyTasksList.Row(page, number).Locator("[data-testid=task-link]").ClickAsync();
        await page.WaitForURLAsync($"{browser.BaseUrl}/tasks/{taskId}");
        await BrowserFixture.WaitUntilInteractiveAsync(page);
    }

    private static async Task AssertHighlightedAsync(IPage page, int stepId)
    {
        var canvas = await DesignerPage.CanvasAsync(page);
        await Assertions.Expect(canvas).ToHaveAttributeAsync("data-highlighted-step", $"step:{stepId}");
        await Assertions.Expect(canvas.Locator($"g[data-cell-id='step:{stepId}']")).ToHaveAttributeAsync("data-highlighted", "true");
        await Assertions.Expect(canvas.Locator("g.x6-node[data-highlighted=true]")).ToHaveCountAsync(1);
    }

    private static string DisplayName(string email) => DemoData.Accounts.Single(a => a.Email == email).DisplayName;

    private async Task<(int TaskId, int Coordinator, TaskItem Triage)> TaskAsync(int ticketId)
    {
        await using var db = browser.App.CreateDbContext();
        var task = await db.Tasks.AsNoTracking().Include(t => t.Items).SingleAsync(t => t.TicketId == ticketId);
        return (task.Id, task.CoordinatorUserId!.Value, task.Items.Single());
    }

    private async Task<TaskItem> CurrentItemAsync(int taskId)
    {
        await using var db = browser.App.CreateDbContext();
        var task = await db.Tasks.AsNoTracking().Include(t => t.Items).SingleAsync(t => t.Id == taskId);
        return task.ActiveItems.Single(i => i.AssignedOnStepId == task.CurrentStepId);
    }

    private async Task<TaskDesk.Domain.Workflows.WorkflowDefinition> DefinitionAsync(int taskId)
    {
        await using var db = browser.App.CreateDbContext();
        var versionId = await db.Tasks.Where(t => t.Id == taskId).Select(t => t.WorkflowVersionId).SingleAsync();
        return (await db.WorkflowVersions.SingleAsync(v => v.Id == versionId)).ReadDefinition();
    }

    private async Task<string> EmailOfAsync(int userId)
    {
        await using var db = browser.App.CreateDbContext();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.Email!).SingleAsync();
    }

    private async Task<int?> UserIdAsync(string email)
    {
        await using var db = browser.App.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => (int?)u.Id).SingleAsync();
    }
}
