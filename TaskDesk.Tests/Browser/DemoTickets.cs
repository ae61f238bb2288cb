using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Tickets;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Setup;

namespace TaskDesk.Tests.Browser;

/// <summary>Tickets for the browser journeys, taken in as another system sends them.</summary>
internal static class DemoTickets
{
    /// <summary>
    /// Posts an IT / Technology ticket (the demo's Triage takes it) with the administrator's bearer token and waits until a
    /// task has it; returns its number.
    /// </summary>
    public static async Task<string> TakeInAsync(BrowserFixture browser, string subject, string priority = "high")
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
            ["priority"] = priority,
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
}
