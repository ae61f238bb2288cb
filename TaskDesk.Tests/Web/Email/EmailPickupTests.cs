using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Notifications;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Email;

public sealed class EmailPickupTests : RuntimeTest
{
    [Fact]
    public async Task NoSmtpHost_WritesEachEmailAsAnEmlFile()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-PICKUP-1"));

        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string[] files;
        while ((files = Directory.Exists(App.MailFolder) ? Directory.GetFiles(App.MailFolder, "*.eml") : []).Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var file = Assert.Single(files);
        var message = MimeKit.MimeMessage.Load(file);
        Assert.Equal(assignee, message.To.Mailboxes.Single().Address);
        Assert.Equal("[TX-PICKUP-1] New task assignment: Laptop not working", message.Subject);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"/tasks/{taskId}"), message.TextBody);
        await using var db = App.CreateDbContext();
        var deadlineSent = DateTime.UtcNow.AddSeconds(30);
        while (await db.OutboxEmails.AnyAsync(e => e.Status != OutboxEmailStatus.Sent) && DateTime.UtcNow < deadlineSent)
        {
            await Task.Delay(50);
        }

        Assert.Equal(OutboxEmailStatus.Sent, (await db.OutboxEmails.SingleAsync()).Status);
    }

    [Fact]
    public async Task TheAssignmentATransitionMakes_IsEmailedWithItsStep()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-PICKUP-2"));
        var (triager, _) = await CurrentAssigneeAsync(taskId);
        var assign = (int)(await TaskAsync(taskId))["available_transitions"]!.AsArray().Single(t => (string)t!["name"]! == "Assign")!["transition_id"]!;

        var moved = await (await ClientAsync(triager)).PostAsync($"/api/transitions/{taskId}/transition", Json.Body(new System.Text.Json.Nodes.JsonObject { ["transition_id"] = assign }));
        Assert.Equal(System.Net.HttpStatusCode.OK, moved.StatusCode);

        var (resolver, _) = await CurrentAssigneeAsync(taskId);
        var message = await EmailToAsync(resolver);
        Assert.Contains("the step Resolution", message.TextBody, StringComparison.Ordinal);
    }

    /// <summary>The first .eml in the pickup folder addressed to the user, waiting up to 30 s for it.</summary>
    private async Task<MimeKit.MimeMessage> EmailToAsync(string address)
    {
        MimeKit.MimeMessage? found = null;
        await Wait.UntilAsync(
            () => (found = (Directory.Exists(App.MailFolder) ? Directory.GetFiles(App.MailFolder, "*.eml") : [])
                .Select(file => MimeKit.MimeMessage.Load(file))
                .FirstOrDefault(m => m.To.Mailboxes.Any(to => to.Address == address))) is not null,
            $"an email to {address}");
        return found!;
    }
}
