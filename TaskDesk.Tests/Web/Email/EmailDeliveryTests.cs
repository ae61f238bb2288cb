using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Email;

namespace TaskDesk.Tests.Web.Email;

public sealed class EmailDeliveryTests : EmailTest
{
    [Fact]
    public async Task TicketTakenIn_EmailsTheAssignee_ThroughTheSmtpServer()
    {
        await Smtp.StartAsync();

        var taskId = await TaskIdOfAsync(TicketBody("TX-MAIL-1"));

        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var message = Assert.Single(await Smtp.WaitForMessagesAsync());
        Assert.Equal(assignee, message.To.Mailboxes.Single().Address);
        Assert.Equal("desk@taskdesk.test", message.From.Mailboxes.Single().Address);
        Assert.Equal("[TX-MAIL-1] New task assignment: Laptop not working", message.Subject);
        Assert.Contains($"{PublicUrl}/tasks/{taskId}", message.TextBody);
        Assert.Contains("the step Triage", message.TextBody);
        Assert.Contains($"<a href=\"{PublicUrl}/tasks/{taskId}\">", message.HtmlBody);
        var row = await WaitForEmailAsync(e => e.Status == OutboxEmailStatus.Sent);
        Assert.Equal(0, row.Attempts);
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task SmtpServerDown_EmailIsRetriedWithBackoff_ThenFailed_AndAnAdministratorsRetrySendsIt()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-MAIL-2"));

        var states = new List<(OutboxEmailStatus Status, int Attempts, DateTimeOffset NextAttemptAt)>();
        var failed = await WaitForEmailAsync(
            e => e.Status == OutboxEmailStatus.Failed,
            e =>
            {
                if (states.Count == 0 || states[^1] != (e.Status, e.Attempts, e.NextAttemptAt))
                {
                    states.Add((e.Status, e.Attempts, e.NextAttemptAt));
                }
            });

        var first = states.Single(s => s is { Status: OutboxEmailStatus.Pending, Attempts: 1 });
        var second = states.Single(s => s is { Status: OutboxEmailStatus.Pending, Attempts: 2 });
        Assert.True(first.NextAttemptAt > failed.CreatedAt, "the first retry waits");
        Assert.True(second.NextAttemptAt > first.NextAttemptAt, "the second retry is later");
        Assert.Equal(3, failed.Attempts);
        Assert.NotEmpty(failed.LastError);
        Assert.Empty(Smtp.Messages());

        var listed = Assert.Single((await GetAsync("/api/emails/failed")).AsArray());
        Assert.Equal(failed.Id, (long)listed!["email_id"]!);
        Assert.Equal("failed", (string)listed["status"]!);
        Assert.Equal("new_assignment", (string)listed["kind"]!);
        Assert.Equal(3, (int)listed["attempts"]!);
        Assert.Equal("TX-MAIL-2", (string)listed["ticket_number"]!);
        Assert.Single((await GetAsync("/api/emails?status=failed")).AsArray());
        var agent = await ClientAsync("ava@tests.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/emails/failed")).StatusCode);

        await Smtp.StartAsync();
        var (retried, body) = await PostAsync($"/api/emails/{failed.Id}/retry");
        Assert.True(retried == HttpStatusCode.OK, body.ToJsonString());
        var (again, _) = await PostAsync($"/api/emails/{failed.Id}/retry");
        Assert.Equal(HttpStatusCode.Conflict, again);

        var message = Assert.Single(await Smtp.WaitForMessagesAsync());
        Assert.Contains("TX-MAIL-2", message.Subject);
        Assert.Contains($"{PublicUrl}/tasks/{taskId}", message.TextBody);
        await WaitForEmailAsync(e => e.Status == OutboxEmailStatus.Sent);
        Assert.Empty((await GetAsync("/api/emails/failed")).AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/api/emails/999999/retry")).Status);
    }

    [Fact]
    public async Task SendJob_RunTwiceAtOnceAndOnceMore_SendsTheEmailOnce()
    {
        await Smtp.StartAsync();
        var taskId = await TaskIdOfAsync(TicketBody("TX-MAIL-3"));
        var assignment = await WaitForEmailAsync(e => e.Status == OutboxEmailStatus.Sent);
        Assert.Single(await Smtp.WaitForMessagesAsync());

        // A row no job knows about yet: the sweep is not due in these tests.
        long id;
        await using (var db = App.CreateDbContext())
        {
            var row = new OutboxEmail(TaskEventKind.Escalation, assignment.ToUserId, assignment.ToEmail, taskId, assignment.TaskItemId, assignment.TicketNumber, "Customer <VIP> waiting", DateTimeOffset.UtcNow);
            db.OutboxEmails.Add(row);
            await db.SaveChangesAsync();
            id = row.Id;
        }

        await Task.WhenAll(App.Service<SendOutboxEmailJob>().RunAsync(id, CancellationToken.None), App.Service<SendOutboxEmailJob>().RunAsync(id, CancellationToken.None));
        await App.Service<SendOutboxEmailJob>().RunAsync(id, CancellationToken.None);

        var messages = Smtp.Messages();
        Assert.Equal(2, messages.Count);
        var escalation = Assert.Single(messages, m => m.Subject!.Contains("escalated", StringComparison.Ordinal));
        Assert.Equal("[TX-MAIL-3] Task escalated to you: Laptop not working", escalation.Subject);
        Assert.Contains("Reason: Customer <VIP> waiting", escalation.TextBody);
        Assert.Contains("Customer &lt;VIP&gt; waiting", escalation.HtmlBody);
        await using var check = App.CreateDbContext();
        var sent = await check.OutboxEmails.SingleAsync(e => e.Id == id);
        Assert.Equal(OutboxEmailStatus.Sent, sent.Status);
        Assert.Equal(0, sent.Attempts);
    }

    [Fact]
    public async Task RowsOneCommitWrote_AreSentByOneJobPerHundred_EachOnce()
    {
        await Smtp.StartAsync();
        var taskId = await TaskIdOfAsync(TicketBody("TX-MAIL-BATCH"));
        await Smtp.WaitForMessagesAsync();
        var assignment = await WaitForEmailAsync(e => e.Status == OutboxEmailStatus.Sent);
        var monitor = App.Service<Hangfire.JobStorage>().GetMonitoringApi();

        // As an SLA scan warning many assignments at once: one commit, many rows.
        await using (var db = App.CreateDbContext())
        {
            for (var i = 0; i < 150; i++)
            {
                db.OutboxEmails.Add(new OutboxEmail(TaskEventKind.SlaWarning, assignment.ToUserId, assignment.ToEmail, taskId, assignment.TaskItemId, assignment.TicketNumber, null, DateTimeOffset.UtcNow));
            }

            await db.SaveChangesAsync();
            App.Service<EmailOutbox>().QueueWritten(db);
        }

        var messages = await Smtp.WaitForMessagesAsync(151);
        Assert.Equal(151, messages.Count);
        Assert.Equal(151, messages.Select(m => m.MessageId).Distinct().Count());
        await using var check = App.CreateDbContext();
        Assert.Equal(151, await check.OutboxEmails.CountAsync(e => e.Status == OutboxEmailStatus.Sent));

        // A job's success is recorded after its work: the intake job may be marked succeeded after the emails it
        // queued were sent, so wait for the send jobs themselves, not for a count of all jobs.
        List<KeyValuePair<string, Hangfire.Storage.Monitoring.SucceededJobDto>> Batches() =>
            [.. monitor.SucceededJobs(0, 50).Where(j => j.Value.Job?.Method.Name == nameof(SendOutboxEmailJob.RunBatchAsync))];
        await Wait.UntilAsync(() => Batches().Count >= 3, "the three send jobs to be recorded as succeeded");
        var batches = Batches();
        Assert.Equal(3, batches.Count);
        Assert.Equal([1, 50, 100], batches.Select(j => ((long[])j.Value.Job!.Args[0]).Length).Order());
    }

    [Fact]
    public async Task OptedOutKind_MakesNoEmail_ButTheInAppNotificationStays()
    {
        foreach (var technician in new[] { "tina@tests.local", "theo@tests.local" })
        {
            var client = await ClientAsync(technician);
            var put = await client.PutAsync("/api/me/email-preferences", Json.Body(new JsonObject { ["new_assignment"] = false }));
            var saved = await Json.ReadAsync(put);
            Assert.True(put.StatusCode == HttpStatusCode.OK, saved.ToJsonString());
            Assert.False((bool)saved["new_assignment"]!);
            Assert.True((bool)saved["sla_breach"]!);

            var read = await Json.ReadAsync(await client.GetAsync("/api/me/email-preferences"));
            Assert.False((bool)read["new_assignment"]!);
            Assert.True((bool)read["transfer"]!);
            Assert.Equal(6, read.AsObject().Count);
        }

        var tina = await ClientAsync("tina@tests.local");
        Assert.Equal(HttpStatusCode.BadRequest, (await tina.PutAsync("/api/me/email-preferences", Json.Body(new JsonObject { ["no_such_event"] = false }))).StatusCode);
        Assert.True((bool)(await Json.ReadAsync(await (await ClientAsync("mia@tests.local")).GetAsync("/api/me/email-preferences")))["new_assignment"]!);

        var taskId = await TaskIdOfAsync(TicketBody("TX-MAIL-4"));

        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        await using var db = App.CreateDbContext();
        var notification = await db.Notifications.SingleAsync(n => n.Kind == TaskEventKind.NewAssignment);
        Assert.Equal(UserIds[assignee], notification.UserId);
        Assert.Equal(taskId, notification.TaskId);
        Assert.Empty(await db.OutboxEmails.ToListAsync());
    }

    [Fact]
    public async Task TheSamePreferencesSavedManyTimesAtOnce_AllSucceed_AndEndAsSaved()
    {
        var tina = await ClientAsync("tina@tests.local");
        var body = new JsonObject { ["new_assignment"] = false, ["sla_warning"] = false };

        var puts = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => tina.PutAsync("/api/me/email-preferences", Json.Body(body.DeepClone()))));

        Assert.All(puts, put => Assert.Equal(HttpStatusCode.OK, put.StatusCode));
        var read = await Json.ReadAsync(await tina.GetAsync("/api/me/email-preferences"));
        Assert.Equal((false, false, true), ((bool)read["new_assignment"]!, (bool)read["sla_warning"]!, (bool)read["sla_breach"]!));
        await using var db = App.CreateDbContext();
        Assert.Equal(2, await db.EmailOptOuts.CountAsync(o => o.UserId == UserIds["tina@tests.local"]));
    }
}
