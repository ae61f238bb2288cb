using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TaskDesk.Domain.Tickets;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Browser;

[Trait("Category", "Browser")]
[Collection(BrowserFixture.Collection)]
public sealed class NewTicketTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Agent_RaisesATicket_AndItIsMatchedToTheSeedWorkflow()
    {
        var page = await browser.SignedInPageAsync("ava.agent@taskdesk.local");
        await page.GotoAsync("/tickets/new");
        await BrowserFixture.WaitUntilInteractiveAsync(page);

        await page.Locator("input[data-testid=ticket-subject]").FillAsync("Printer on floor 3 jams");
        await page.Locator("textarea[data-testid=ticket-description]").FillAsync("Every second page jams.");
        await ChooseAsync(page, "ticket-department", "IT");
        await ChooseAsync(page, "ticket-category", "Technology");
        await ChooseAsync(page, "ticket-priority", "high");
        await page.Locator("[data-testid=ticket-submit]").ClickAsync();

        var received = page.Locator("[data-testid=ticket-received]");
        await Assertions.Expect(received).ToContainTextAsync("was received");
        var number = System.Text.RegularExpressions.Regex.Match(await received.InnerTextAsync(), @"TD\d{14}").Value;

        await using var db = browser.App.CreateDbContext();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        Ticket? ticket;
        do
        {
            ticket = await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.TicketNumber == number);
            await Task.Delay(100);
        }
        while (ticket?.Status != TicketIntakeStatus.Matched && DateTime.UtcNow < deadline);

        Assert.NotNull(ticket);
        Assert.Equal(TicketIntakeStatus.Matched, ticket.Status);
        Assert.Equal("Printer on floor 3 jams", ticket.Subject);
        Assert.Equal(TicketPriority.High, ticket.Priority);
        Assert.Equal("ava.agent@taskdesk.local", ticket.RequesterEmail);
        Assert.True(await db.Tasks.AnyAsync(t => t.TicketId == ticket.Id));
    }

    /// <summary>Opens a MudSelect and picks an option; the select may still be waiting for the circuit to enable it.</summary>
    private static async Task ChooseAsync(IPage page, string testId, string option)
    {
        var select = page.Locator($"[data-testid={testId}]");
        await Assertions.Expect(select).ToBeEnabledAsync();
        var item = page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First;
        for (var attempt = 1; ; attempt++)
        {
            await select.Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
            try
            {
                await item.WaitForAsync(new() { Timeout = 3_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }

        await item.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
