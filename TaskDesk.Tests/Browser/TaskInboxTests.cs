using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Roles;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Tests.Browser;

/// <summary>The inboxes in real Chromium against the demo data: Triage (the Agent role: Ava and Arlo in turn) takes IT / Technology tickets.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserFixture.Collection)]
public sealed class TaskInboxTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Arrives = new() { Timeout = 30_000 };

    [Fact]
    public async Task ATicketTakenInThroughTheApi_AppearsInTheAgentsOpenMyTasks_WithoutReloading()
    {
        // Every agent in rotation has My Tasks open: whoever's turn it is must see the ticket arrive, and only they.
        var pages = new Dictionary<string, IPage>();
        foreach (var email in await MyTasksList.ActiveMembersAsync(browser.App, "Agent"))
        {
            pages[email] = await MyTasksList.OpenAsync(browser, email);
            await pages[email].EvaluateAsync("() => window.stillTheSamePage = true");
        }

        var number = await DemoTickets.TakeInAsync(browser, "Monitor flickers");

        var assignee = pages[await AssigneeEmailAsync(number)];
        var row = MyTasksList.Row(assignee, number);
        await Assertions.Expect(row).ToBeVisibleAsync(Arrives);
        await Assertions.Expect(row).ToContainTextAsync("Monitor flickers");
        await Assertions.Expect(row.Locator("[data-testid=sla-countdown]")).ToHaveAttributeAsync("data-sla-state", "ok");
        Assert.True(await assignee.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the page was reloaded");
        foreach (var other in pages.Values.Where(p => p != assignee))
        {
            Assert.Equal(0, await other.Locator($"[data-testid=row-{number}]").CountAsync());
        }
    }

    [Fact]
    public async Task Administrator_SelectsTwoRowsOnAllTasks_AndTransfersBothToOneAgent()
    {
        var stamp = $"Bulk {Guid.NewGuid():N}"[..13];
        var first = await DemoTickets.TakeInAsync(browser, $"{stamp} keyboard");
        var second = await DemoTickets.TakeInAsync(browser, $"{stamp} mouse");

        // A third open task, so the list is known to be searched when it shows two rows.
        await DemoTickets.TakeInAsync(browser, "Docking station");
        await AddTinaToAgentsAsync();
        var page = await browser.SignedInPageAsync("admin@taskdesk.local");
        await page.GotoAsync("/tasks/all-tasks");
        await BrowserFixture.WaitUntilInteractiveAsync(page);

        await page.Locator("input[data-testid=filter-search]").FillAsync(stamp);
        await Assertions.Expect(page.Locator("[data-testid^=row-]")).ToHaveCountAsync(2);
        foreach (var number in new[] { first, second })
        {
            await MyTasksList.Row(page, number).Locator("input[type=checkbox]").CheckAsync();
        }

        await Assertions.Expect(page.Locator("[data-testid=bulk-transfer]")).ToHaveTextAsync("Transfer selected (2)");
        await page.Locator("[data-testid=bulk-transfer]").ClickAsync();
        await page.Locator("[data-testid=transfer-user]").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Tina Technician" }).ClickAsync();
        await page.Locator("[data-testid=transfer-confirm]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=action-done]")).ToHaveTextAsync("Transferred 2 of 2 selected assignments.");
        foreach (var number in new[] { first, second })
        {
            var row = MyTasksList.Row(page, number);
            await Assertions.Expect(row.Locator("[data-testid=assignee]")).ToHaveTextAsync("Tina Technician");
            Assert.Equal("tina.tech@taskdesk.local", await AssigneeEmailAsync(number));
        }
    }

    private async Task<string> AssigneeEmailAsync(string number)
    {
        await using var db = browser.App.CreateDbContext();
        return await (
                from k in db.Tickets
                where k.TicketNumber == number
                join t in db.Tasks on k.Id equals t.TicketId
                join i in db.TaskItems on t.Id equals i.TaskId
                where i.AssignedOnStepId == t.CurrentStepId && (i.Status == AssignmentStatus.New || i.Status == AssignmentStatus.InProgress)
                join u in db.Users on i.UserId equals u.Id
                select u.Email)
            .SingleAsync() ?? "";
    }

    private async Task AddTinaToAgentsAsync()
    {
        await using var db = browser.App.CreateDbContext();
        var adminId = await db.Users.Where(u => u.Email == "admin@taskdesk.local").Select(u => u.Id).SingleAsync();
        var tinaId = await db.Users.Where(u => u.Email == "tina.tech@taskdesk.local").Select(u => u.Id).SingleAsync();
        var agents = await db.WorkflowRoles.Where(r => r.Name == "Agent").Select(r => r.Id).SingleAsync();
        if (!await db.RoleMembers.AnyAsync(m => m.RoleId == agents && m.UserId == tinaId))
        {
            await browser.App.Service<RoleService>().AddMemberAsync(new Actor(adminId, true), agents, tinaId);
        }
    }
}
