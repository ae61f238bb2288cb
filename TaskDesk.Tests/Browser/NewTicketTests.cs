using Microsoft.EntityFrameworkCore;
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

        var number = await NewTicketForm.SubmitAsync(page, "Printer on floor 3 jams", "Every second page jams.", "IT", "Technology", "high");

        var ticket = await NewTicketForm.WaitUntilMatchedAsync(browser.App, number);
        Assert.NotNull(ticket);
        Assert.Equal(TicketIntakeStatus.Matched, ticket.Status);
        Assert.Equal("Printer on floor 3 jams", ticket.Subject);
        Assert.Equal(TicketPriority.High, ticket.Priority);
        Assert.Equal("ava.agent@taskdesk.local", ticket.RequesterEmail);
        await using var db = browser.App.CreateDbContext();
        Assert.True(await db.Tasks.AnyAsync(t => t.TicketId == ticket.Id));
    }
}
