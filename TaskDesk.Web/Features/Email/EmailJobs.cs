using Hangfire;

namespace TaskDesk.Web.Features.Email;

/// <summary>Sends outbox rows: takes their ids, and running it twice sends each email once.</summary>
public sealed class SendOutboxEmailJob(OutboxEmailSender sender)
{
    // Failed deliveries are retried by the sender with the configured backoff; Hangfire's retries only cover a busy database.
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [1, 5, 30])]
    public Task RunAsync(long outboxEmailId, CancellationToken ct) => sender.SendAsync(outboxEmailId, ct);

    /// <summary>
    /// The rows one commit (or one sweep) found, in one job: an SLA scan that warns thousands of assignments queues a
    /// job per batch, not per email. A retry after a busy database skips the rows already sent: each row is claimed.
    /// </summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [1, 5, 30])]
    public async Task RunBatchAsync(long[] outboxEmailIds, CancellationToken ct)
    {
        foreach (var id in outboxEmailIds)
        {
            await sender.SendAsync(id, ct);
        }
    }
}

/// <summary>The periodic sweep: queues outbox rows that are due but have no job (lost with the in-memory storage, a crash).</summary>
public sealed class EmailSweepJob(EmailOutbox outbox)
{
    public const string Id = "email-sweep";

    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken ct) => outbox.QueueDueAsync(ct);
}
