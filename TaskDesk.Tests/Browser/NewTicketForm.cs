using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TaskDesk.Domain.Tickets;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Browser;

/// <summary>Raising a ticket on the New ticket page, as the browser tests of tickets and tasks do.</summary>
internal static partial class NewTicketForm
{
    /// <summary>Fills and submits the form on the page (signed in); returns the ticket number the page reports.</summary>
    public static async Task<string> SubmitAsync(IPage page, string subject, string description, string department, string category, string priority)
    {
        await page.GotoAsync("/tickets/new");
        await BrowserFixture.WaitUntilInteractiveAsync(page);

        await page.Locator("input[data-testid=ticket-subject]").FillAsync(subject);
        await page.Locator("textarea[data-testid=ticket-description]").FillAsync(description);
        await ChooseAsync(page, "ticket-department", department);
        await ChooseAsync(page, "ticket-category", category);
        await ChooseAsync(page, "ticket-priority", priority);
        await page.Locator("[data-testid=ticket-submit]").ClickAsync();

        var received = page.Locator("[data-testid=ticket-received]");
        await Assertions.Expect(received).ToContainTextAsync("was received");
        return TicketNumber().Match(await received.InnerTextAsync()).Value;
    }

    /// <summary>Waits until intake has matched the ticket (it runs as a background job) and returns it.</summary>
    public static async Task<Ticket?> WaitUntilMatchedAsync(TaskDeskApp app, string number)
    {
        await using var db = app.CreateDbContext();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        Ticket? ticket;
        do
        {
            ticket = await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.TicketNumber == number);
            await Task.Delay(100);
        }
        while (ticket?.Status != TicketIntakeStatus.Matched && DateTime.UtcNow < deadline);
        return ticket;
    }

    /// <summary>Opens a MudSelect and picks an option; the select may still be waiting for the circuit to enable it.</summary>
    public static async Task ChooseAsync(IPage page, string testId, string option)
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

    [GeneratedRegex(@"TD\d{14}")]
    private static partial Regex TicketNumber();
}
