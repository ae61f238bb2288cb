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
}
