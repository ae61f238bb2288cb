using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Roles;
using TaskDesk.Web.Features.Setup;
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

        var number = await TakeInAsync("Monitor flickers");

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
        var first = await TakeInAsync($"{stamp} keyboard");
        var second = await TakeInAsync($"{stamp} mouse");

        // A third open task, so the list is known to be searched when it shows two rows.
        await TakeInAsync("Docking station");
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

    /// <summary>Posts a ticket as another system would (the administrator's bearer token here) and waits until a task has it.</summary>
    private async Task<string> TakeInAsync(string subject)
    {
        var number = $"TXB{Guid.NewGuid():N}"[..15].ToUpperInvariant();
        using var client = await browser.App.ClientForAsync("admin@taskdesk.local", DemoData.Password);
        var posted = await client.PostAsync("/api/tickets", Json.Body(new JsonObject
        {
            ["ticket_number"] = number,
            ["subject"] = subject,
            ["description"] = "Seen since this morning.",
            ["department"] = "IT",
            ["category"] = "Technology",
            ["sub_category"] = "Support Request",
            ["priority"] = "high",
            ["requester_name"] = "Riley Requester",
            ["requester_email"] = "riley@example.org",
        }));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        await using var db = browser.App.CreateDbContext();
        while (await db.Tickets.AsNoTracking().Where(t => t.TicketNumber == number).Select(t => t.Status).SingleAsync() != TicketIntakeStatus.Matched)
        {
            Assert.True(DateTime.UtcNow < deadline, $"ticket {number} was not matched in time");
            await Task.Delay(100);
        }

        return number;
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
