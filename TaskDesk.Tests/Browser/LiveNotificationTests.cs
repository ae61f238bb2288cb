using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Setup;

namespace TaskDesk.Tests.Browser;

[Trait("Category", "Browser")]
[Collection(BrowserFixture.Collection)]
public sealed class LiveNotificationTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Arlo = "arlo.agent@taskdesk.local";

    [Fact]
    public async Task AnAssignment_RaisesTheBell_InEveryTabAndCircuitOfTheUser_WithoutAReload()
    {
        // Two browser contexts are two circuits with their own cookies; the first has a second tab.
        var first = await browser.SignedInPageAsync(Arlo);
        var secondTab = await first.Context.NewPageAsync();
        await secondTab.GotoAsync("/me/inbox");
        await BrowserFixture.WaitUntilInteractiveAsync(secondTab);
        var otherCircuit = await browser.SignedInPageAsync(Arlo);
        IPage[] pages = [first, secondTab, otherCircuit];
        var before = await UnreadAsync(first);
        foreach (var page in pages)
        {
            Assert.Equal(before, await UnreadAsync(page));
        }

        var taskId = await AssignToArloAsync("TD-LIVE-1");

        foreach (var page in pages)
        {
            await Assertions.Expect(page.Locator("[data-testid=bell-count] .mud-badge")).ToHaveTextAsync($"{before + 1}", new() { Timeout = 20_000 });
        }

        await Assertions.Expect(secondTab.Locator("[data-testid=inbox-unread-count]")).ToHaveTextAsync($"{before + 1} unread");
        await otherCircuit.Locator("button[data-testid=notification-bell]").ClickAsync();
        // The one that names the ticket: another notification (an SLA job's, say) may arrive above it meanwhile.
        var assigned = otherCircuit.Locator(".mud-popover-open [data-testid^=notification-][data-unread=true]", new() { HasTextString = "TD-LIVE-1" });
        await Assertions.Expect(assigned).ToHaveCountAsync(1);
        await assigned.ClickAsync();

        await Assertions.Expect(otherCircuit).ToHaveURLAsync($"{browser.BaseUrl}/tasks/{taskId}", new() { Timeout = 20_000 });

        // Read in one circuit: the tabs of this process follow without a reload too.
        foreach (var page in new[] { first, secondTab })
        {
            await Assertions.Expect(page.Locator("[data-testid=bell-count] .mud-badge")).ToHaveCountAsync(before == 0 ? 0 : 1, new() { Timeout = 20_000 });
        }
    }

    [Fact]
    public async Task TheBellsMenu_ClosesOnAClickElsewhere_AndOnEscape()
    {
        var page = await browser.SignedInPageAsync(Arlo);
        var bell = page.Locator("button[data-testid=notification-bell]");
        var list = page.Locator(".mud-popover-open [data-testid=notification-list]");

        await bell.ClickAsync();
        await Assertions.Expect(list).ToBeVisibleAsync();
        await page.Mouse.ClickAsync(600, 400);
        await Assertions.Expect(list).ToHaveCountAsync(0);

        await bell.ClickAsync();
        await Assertions.Expect(list).ToBeVisibleAsync();
        await list.Locator("[role=menuitem]").Last.FocusAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(list).ToHaveCountAsync(0);
        await Assertions.Expect(bell).ToHaveAttributeAsync("aria-expanded", "false");
    }

    private static async Task<int> UnreadAsync(IPage page)
    {
        var badge = page.Locator("[data-testid=bell-count] .mud-badge");
        return await badge.CountAsync() == 0 ? 0 : int.Parse(await badge.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Takes a ticket in through the API and, when round-robin gave it to the other agent, transfers it to Arlo.</summary>
    private async Task<int> AssignToArloAsync(string ticketNumber)
    {
        using var admin = await browser.App.ClientForAsync("admin@taskdesk.local", DemoData.Password);
        var posted = await admin.PostAsync("/api/tickets", Json.Body(new JsonObject
        {
            ["ticket_number"] = ticketNumber,
            ["subject"] = "Projector in room 4 is dark",
            ["description"] = "No picture since Monday.",
            ["department"] = "IT",
            ["category"] = "Technology",
            ["sub_category"] = "Support Request",
            ["priority"] = "high",
        }));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        int taskId;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var state = await Json.ReadAsync(await admin.GetAsync($"/api/tickets/{ticketNumber}"));
            if ((string?)state["state"] == "matched")
            {
                taskId = (int)state["task"]!["task_id"]!;
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Ticket {ticketNumber} was not matched: {state}");
            await Task.Delay(100);
        }

        await using var db = browser.App.CreateDbContext();
        var arloId = await db.Users.Where(u => u.Email == Arlo).Select(u => u.Id).SingleAsync();
        var item = await db.TaskItems.Where(i => i.TaskId == taskId).OrderBy(i => i.Id).Select(i => new { i.Id, i.UserId }).FirstAsync();
        if (item.UserId != arloId)
        {
            var moved = await admin.PostAsync("/api/tasks/transfer", Json.Body(new JsonObject { ["task_item_id"] = item.Id, ["new_user_id"] = arloId, ["notes"] = "Arlo knows projectors" }));
            Assert.True(moved.StatusCode == HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        }

        return taskId;
    }
}
