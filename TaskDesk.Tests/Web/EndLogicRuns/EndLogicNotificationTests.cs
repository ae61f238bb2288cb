using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Tests.Web.Email;

namespace TaskDesk.Tests.Web.EndLogicRuns;

/// <summary>The seed's workflow ends in <c>notification</c>: its end logic emails the requester and the coordinator through a real SMTP server.</summary>
public sealed class EndLogicNotificationTests : EmailTest
{
    [Fact]
    public async Task TaskCompleted_EmailsTheRequesterAndTheCoordinator_ThroughTheSmtpServer()
    {
        await Smtp.StartAsync();
        var taskId = await TaskIdOfAsync(TicketBody("TX-END-MAIL"));
        await CompleteAsync(taskId);

        var done = await EndLogicState.WaitAsync(App, taskId, t => t.EndLogicDoneAt is not null, JobsReport);
        var coordinator = done.CoordinatorUserId!.Value;
        var coordinatorEmail = UserIds.Single(u => u.Value == coordinator).Key;
        await using (var db = App.CreateDbContext())
        {
            var rows = await db.OutboxEmails.AsNoTracking().Where(e => e.Kind == TaskEventKind.TaskComplete).OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(2, rows.Count);
            Assert.Equal(((int?)null, "riley@example.org"), (rows[0].ToUserId, rows[0].ToEmail));
            Assert.Equal((coordinator, coordinatorEmail), (rows[1].ToUserId, rows[1].ToEmail));
            Assert.All(rows, r => Assert.Equal(("TX-END-MAIL", taskId), (r.TicketNumber, r.TaskId)));
        }

        // Two assignment emails (one per step) and the two completion emails.
        var messages = await Smtp.WaitForMessagesAsync(4);
        var toRequester = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "riley@example.org");
        Assert.Equal("[TX-END-MAIL] Your ticket is complete: Laptop not working", toRequester.Subject);
        Assert.Equal("Riley Requester", toRequester.To.Mailboxes.Single().Name);
        Assert.Contains("Hello Riley Requester,", toRequester.TextBody);
        Assert.Contains($"{PublicUrl}/tasks/{taskId}", toRequester.TextBody);
        var toCoordinator = Assert.Single(messages, m => m.Subject!.Contains("Task complete", StringComparison.Ordinal));
        Assert.Equal(coordinatorEmail, toCoordinator.To.Mailboxes.Single().Address);
        Assert.Equal("[TX-END-MAIL] Task complete: Laptop not working", toCoordinator.Subject);
        Assert.Contains($"<a href=\"{PublicUrl}/tasks/{taskId}\">", toCoordinator.HtmlBody);
        Assert.Equal(4, messages.Count);
    }

    [Fact]
    public async Task CoordinatorTurnedCompletionEmailOff_OnlyTheRequesterIsEmailed()
    {
        foreach (var coordinator in new[] { "cora@tests.local", "cole@tests.local" })
        {
            var put = await (await ClientAsync(coordinator)).PutAsync("/api/me/email-preferences", Json.Body(new JsonObject { ["task_complete"] = false }));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var taskId = await TaskIdOfAsync(TicketBody("TX-END-OPTOUT"));
        await CompleteAsync(taskId);

        await EndLogicState.WaitAsync(App, taskId, t => t.EndLogicDoneAt is not null, JobsReport);
        await using var db = App.CreateDbContext();
        var row = Assert.Single(await db.OutboxEmails.Where(e => e.Kind == TaskEventKind.TaskComplete).ToListAsync());
        Assert.Null(row.ToUserId);
        Assert.Equal("riley@example.org", row.ToEmail);
        Assert.Contains(await db.Notifications.Select(n => n.Kind).ToListAsync(), k => k == TaskEventKind.TaskComplete);
    }
}
