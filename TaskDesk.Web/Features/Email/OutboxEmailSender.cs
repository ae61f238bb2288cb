using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using TaskDesk.Data;
using TaskDesk.Domain.Notifications;

namespace TaskDesk.Web.Features.Email;

/// <summary>
/// Sends one outbox row. The row is claimed first with one atomic update, so of two jobs for the same row (a sweep and a
/// retry, two processes) only one sends it; a sender that dies leaves a claim that simply runs out.
/// </summary>
public sealed class OutboxEmailSender(
    IDbContextFactory<TaskDeskDbContext> contexts,
    EmailDelivery delivery,
    IBackgroundJobClient jobs,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<OutboxEmailSender> logger)
{
    public async Task SendAsync(long id, CancellationToken ct = default)
    {
        var settings = options.Value;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var claimedUntil = now.AddSeconds(Math.Max(1, settings.Email.ClaimSeconds));
        var claimed = await db.OutboxEmails
            .Where(e => e.Id == id && e.Status == OutboxEmailStatus.Pending && (e.ClaimedUntil == null || e.ClaimedUntil < now) && e.NextAttemptAt <= now)
            .ExecuteUpdateAsync(row => row.SetProperty(e => e.ClaimedUntil, claimedUntil), ct);
        if (claimed == 0)
        {
            // Sent, failed for good, not yet due, or another sender holds it.
            return;
        }

        var email = await db.OutboxEmails.SingleAsync(e => e.Id == id, ct);

        // The send ends within the claim: MailKit's timeout is per read or write, so a server answering slowly (a
        // tarpit, a greeting every 50 s) outlived the claim, and the sweep gave the email to a second sender as well.
        var window = TimeSpan.FromSeconds(Math.Max(1, settings.Email.ClaimSeconds) * 0.9);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(window);
        try
        {
            var message = await ComposeAsync(db, email, settings, attempt.Token);
            await delivery.DeliverAsync(message, $"outbox-{email.Id}.eml", attempt.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await RecordFailureAsync(db, email, settings, new TimeoutException($"The send did not finish within {window.TotalSeconds:0.#} s, the time a sender holds an email (TaskDesk:Email:ClaimSeconds)."));
            return;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            await RecordFailureAsync(db, email, settings, failure);
            return;
        }

        email.MarkSent(clock.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task RecordFailureAsync(TaskDeskDbContext db, OutboxEmail email, EmailOptions settings, Exception failure)
    {
        var now = clock.GetUtcNow();
        var wait = settings.BackoffAfter(email.Attempts + 1);
        email.MarkAttemptFailed($"{failure.GetType().Name}: {failure.Message}", now + wait, now);
        await db.SaveChangesAsync(CancellationToken.None);
        if (wait is { } delay)
        {
            logger.LogWarning("Email {EmailId} to {To}: attempt {Attempt} failed ({Error}); trying again in {Delay}.", email.Id, email.ToEmail, email.Attempts, failure.Message, delay);
            // Hangfire keeps schedule times in whole seconds and may start a job up to a second early; a job before the
            // row's NextAttemptAt would find it not due and do nothing.
            jobs.Schedule<SendOutboxEmailJob>(job => job.RunAsync(email.Id, CancellationToken.None), delay + TimeSpan.FromSeconds(1));
        }
        else
        {
            logger.LogError("Email {EmailId} to {To} failed for good after {Attempts} attempts: {Error}", email.Id, email.ToEmail, email.Attempts, failure.Message);
        }
    }

    private static async Task<MimeMessage> ComposeAsync(TaskDeskDbContext db, OutboxEmail email, EmailOptions settings, CancellationToken ct)
    {
        var ticket = await db.Tasks.Where(t => t.Id == email.TaskId)
            .Join(db.Tickets, t => t.TicketId, k => k.Id, (t, k) => new { k.Subject, k.RequesterName })
            .SingleOrDefaultAsync(ct);
        var stepName = email.TaskItemId is { } itemId
            ? await db.TaskItems.Where(i => i.Id == itemId).Select(i => i.StepName).SingleOrDefaultAsync(ct)
            : null;

        // A row without a user is for the ticket's requester, who is known only by the ticket's name and address.
        var recipientName = email.ToUserId is { } userId
            ? await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? ""
            : ticket?.RequesterName ?? "";

        var facts = new EmailFacts(email.Kind, recipientName, email.TicketNumber, ticket?.Subject ?? "", stepName, email.Note, settings.TaskLink(email.TaskId), ToRequester: email.ToUserId is null);
        var rendered = EmailTemplates.Render(facts);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.Smtp.FromName, settings.Smtp.From));
        message.To.Add(new MailboxAddress(recipientName, email.ToEmail));
        message.Subject = rendered.Subject;

        // The same row always carries the same Message-Id, so a receiver can tell a resend after a crash from a new message.
        var host = Uri.TryCreate(settings.PublicUrl, UriKind.Absolute, out var url) ? url.Host : "taskdesk.local";
        message.MessageId = $"taskdesk-outbox-{email.Id}@{host}";
        message.Headers.Add("X-TaskDesk-Outbox-Id", email.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Body = new BodyBuilder { TextBody = rendered.Text, HtmlBody = rendered.Html }.ToMessageBody();
        return message;
    }
}
