using Microsoft.EntityFrameworkCore;
using TaskDesk.Data.Identity;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Tests.Web.Email;
using TaskDesk.Web.Features.Sla;

namespace TaskDesk.Tests.Web.Sla;

/// <summary>
/// A breach the scan writes set-based (its workflow does not escalate) must leave what the task's own breach leaves:
/// one history row, the task's revision moved, a notice in the seed's words for each person told, and an email, sent
/// through the SMTP server, for each of them who has not turned breach emails off.
/// </summary>
public sealed class SlaBreachFanOutTests : EmailTest
{
    [Fact]
    public async Task BreachedAssignment_TellsItsAssigneeAndTheAdministrators_OnceEach_AndEmailsThoseWhoDidNotOptOut()
    {
        await Smtp.StartAsync();
        var taskId = await TaskIdOfAsync(TicketBody("TX-SLA-FANOUT"));
        var (assignee, itemId) = await CurrentAssigneeAsync(taskId);
        await Smtp.WaitForMessagesAsync();
        var now = DateTimeOffset.UtcNow;

        List<int> administrators;
        int optedOut, revision;
        string expectedMessage;
        await using (var db = App.CreateDbContext())
        {
            administrators = await (from ur in db.UserRoles
                                    join r in db.Roles on ur.RoleId equals r.Id
                                    where r.Name == AppRoles.Administrator
                                    select ur.UserId).ToListAsync();
            optedOut = administrators[0];
            db.EmailOptOuts.Add(new EmailOptOut(optedOut, TaskEventKind.SlaBreach));
            await db.SaveChangesAsync();

            // Past its target an hour ago, warned before that: only the breach is due.
            await db.TaskItems.Where(i => i.Id == itemId).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.WarnAt, now.AddHours(-3))
                .SetProperty(i => i.WarnedAt, now.AddHours(-2))
                .SetProperty(i => i.TargetResolution, now.AddHours(-1)));
            revision = await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Revision).SingleAsync();
            var ticket = await db.Tasks.Where(t => t.Id == taskId).Select(t => db.Tickets.Single(k => k.Id == t.TicketId)).SingleAsync();
            var step = await db.TaskItems.Where(i => i.Id == itemId).Select(i => i.StepName).SingleAsync();
            expectedMessage = $"TX-SLA-FANOUT · {ticket.Subject}: step {step} is past its SLA target.";
        }

        var scan = App.Service<SlaScanService>();
        Assert.Equal(new SlaScanResult(0, 1, 0, 0, 0), await scan.ScanAsync());
        Assert.Equal(new SlaScanResult(0, 0, 0, 0, 0), await scan.ScanAsync());

        var told = administrators.Append(UserIds[assignee]).Distinct().Order().ToList();
        var emailed = told.Where(id => id != optedOut).ToList();
        var messages = await Smtp.WaitForMessagesAsync(1 + emailed.Count);
        Assert.Equal(1 + emailed.Count, messages.Count);

        await using var check = App.CreateDbContext();
        var notices = await check.Notifications.AsNoTracking().Where(n => n.Kind == TaskEventKind.SlaBreach).ToListAsync();
        Assert.Equal(told, notices.Select(n => n.UserId).Order());
        Assert.All(notices, n => Assert.Equal((taskId, (int?)itemId, "SLA Breach", expectedMessage), (n.TaskId, n.TaskItemId, n.Title, n.Message)));

        var emails = await check.OutboxEmails.AsNoTracking().Where(e => e.Kind == TaskEventKind.SlaBreach).ToListAsync();
        Assert.Equal(emailed, emails.Select(e => e.ToUserId!.Value).Order());
        Assert.All(emails, e => Assert.Equal(((int?)itemId, "TX-SLA-FANOUT"), (e.TaskItemId, e.TicketNumber)));
        await Wait.UntilAsync(() => SentBreachEmails() == emailed.Count, "the breach emails to be marked sent");

        var history = await check.TaskItemHistory.AsNoTracking().Where(h => h.TaskItemId == itemId && h.Status == AssignmentStatus.Breached).ToListAsync();
        Assert.Null(Assert.Single(history).ByUserId);
        Assert.True(await check.Tasks.Where(t => t.Id == taskId).Select(t => t.Revision).SingleAsync() > revision, "a breach changes the task, so a stale edit of it is refused");
    }

    private int SentBreachEmails()
    {
        using var db = App.CreateDbContext();
        return db.OutboxEmails.Count(e => e.Kind == TaskEventKind.SlaBreach && e.Status == OutboxEmailStatus.Sent);
    }
}
