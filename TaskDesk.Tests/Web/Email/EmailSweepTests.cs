using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Notifications;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Email;

public sealed class EmailSweepTests : EmailTest
{
    public EmailSweepTests()
    {
        // After one failed attempt the row waits an hour: only a sweep can send it within the test.
        App.WithSetting("TaskDesk:Email:BackoffSeconds", "3600");
    }

    [Fact]
    public async Task AppStartedOnADatabaseWithPendingRows_SendsThem()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-SWEEP-1"));
        var waiting = await WaitForEmailAsync(e => e.Attempts == 1);
        Assert.Equal(OutboxEmailStatus.Pending, waiting.Status);

        // As after a crash: the row is due, and no job for it exists in the new process.
        await using (var db = App.CreateDbContext())
        {
            await db.OutboxEmails.ExecuteUpdateAsync(row => row.SetProperty(e => e.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        await Smtp.StartAsync();
        using var restarted = new TaskDeskApp(databaseFolder: App.Folder);
        UseSmtp(restarted, Smtp);
        restarted.WithSetting("TaskDesk:Email:SweepCron", "0 0 1 1 *");
        _ = restarted.Services;

        var message = Assert.Single(await Smtp.WaitForMessagesAsync());
        Assert.Equal("[TX-SWEEP-1] New task assignment: Laptop not working", message.Subject);
        Assert.Contains($"{PublicUrl}/tasks/{taskId}", message.TextBody);
        var sent = await WaitForEmailAsync(e => e.Status == OutboxEmailStatus.Sent, app: restarted);
        Assert.Equal(1, sent.Attempts);
    }
}
