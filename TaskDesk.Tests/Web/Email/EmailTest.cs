using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Notifications;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Web.Email;

/// <summary>The seed's world with its email going to a real SMTP server, retried after 1 s, 2 s, ... and failed after 3 attempts.</summary>
public abstract class EmailTest : RuntimeTest, IDisposable
{
    protected const string PublicUrl = "http://taskdesk.test";

    protected EmailTest()
    {
        UseSmtp(App, Smtp);
        App.WithSetting("TaskDesk:Email:BackoffSeconds", "1")
            .WithSetting("TaskDesk:Email:MaxAttempts", "3")

            // The sweep runs at start-up only, so each test decides which rows have jobs.
            .WithSetting("TaskDesk:Email:SweepCron", "0 0 1 1 *");
    }

    protected SmtpServerFixture Smtp { get; } = new();

    public void Dispose()
    {
        Smtp.Dispose();
        GC.SuppressFinalize(this);
    }

    private string ScheduledReport()
    {
        var monitor = App.Service<Hangfire.JobStorage>().GetMonitoringApi();
        return "scheduled: " + string.Join("; ", monitor.ScheduledJobs(0, 10).Select(j => $"{j.Key} at {j.Value.EnqueueAt:O}"))
            + " succeeded: " + string.Join("; ", monitor.SucceededJobs(0, 10).Select(j => $"{j.Key} {j.Value.Job?.Method.Name} at {j.Value.SucceededAt:O}"));
    }

    protected static void UseSmtp(TaskDeskApp app, SmtpServerFixture smtp) => app
        .WithSetting("TaskDesk:PublicUrl", PublicUrl)
        .WithSetting("TaskDesk:Smtp:Host", smtp.Host)
        .WithSetting("TaskDesk:Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
        .WithSetting("TaskDesk:Smtp:Security", "None")
        .WithSetting("TaskDesk:Smtp:From", "desk@taskdesk.test");

    /// <summary>Waits until the outbox row satisfies <paramref name="done"/> (or 60 seconds pass), calling <paramref name="seen"/> with every state read.</summary>
    protected async Task<OutboxEmail> WaitForEmailAsync(Func<OutboxEmail, bool> done, Action<OutboxEmail>? seen = null, TaskDeskApp? app = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var db = (app ?? App).CreateDbContext();
            var email = await db.OutboxEmails.AsNoTracking().OrderBy(e => e.Id).FirstOrDefaultAsync();
            if (email is not null)
            {
                seen?.Invoke(email);
                if (done(email))
                {
                    return email;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"The outbox row never reached the expected state; last: {email?.Status} after {email?.Attempts} attempts, next at {email?.NextAttemptAt:O}, claimed until {email?.ClaimedUntil:O}. {JobsReport()} {ScheduledReport()} {App.Log.Text}");
            await Task.Delay(50);
        }
    }
}
