using TaskDesk.Domain.Tasks;

namespace TaskDesk.Domain.Notifications;

public enum OutboxEmailStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// An email to send, written in the same transaction as the event that causes it, so none is ever lost.
/// The sender renders it from its <see cref="Kind"/> and ids, sends it and marks it sent.
/// </summary>
public sealed class OutboxEmail
{
    private OutboxEmail()
    {
        ToEmail = "";
        TicketNumber = "";
        Note = "";
        LastError = "";
    }

    public OutboxEmail(TaskEventKind kind, int? toUserId, string toEmail, int taskId, int? taskItemId, string ticketNumber, string? note, DateTimeOffset now)
    {
        Kind = kind;
        ToUserId = toUserId;
        ToEmail = toEmail;
        TaskId = taskId;
        TaskItemId = taskItemId;
        TicketNumber = ticketNumber;
        Note = note ?? "";
        CreatedAt = now;
        NextAttemptAt = now;
        Status = OutboxEmailStatus.Pending;
        LastError = "";
    }

    public long Id { get; private set; }

    public TaskEventKind Kind { get; private set; }

    /// <summary>The user the email is for; null for someone outside TaskDesk, such as a ticket's requester.</summary>
    public int? ToUserId { get; private set; }

    public string ToEmail { get; private set; }

    public int TaskId { get; private set; }

    public int? TaskItemId { get; private set; }

    public string TicketNumber { get; private set; }

    public string Note { get; private set; }

    public OutboxEmailStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public string LastError { get; private set; }

    /// <summary>While a sender works on the row, no sweep queues it again; a crashed sender's claim simply runs out.</summary>
    public DateTimeOffset? ClaimedUntil { get; private set; }

    public void MarkSent(DateTimeOffset now)
    {
        Status = OutboxEmailStatus.Sent;
        SentAt = now;
        ClaimedUntil = null;
        LastError = "";
    }

    /// <summary>A failed attempt: tried again at <paramref name="retryAt"/>, or failed for good after the last one.</summary>
    public void MarkAttemptFailed(string error, DateTimeOffset? retryAt, DateTimeOffset now)
    {
        Attempts++;
        LastError = error.Length > 2000 ? error[..2000] : error;
        ClaimedUntil = null;
        if (retryAt is { } next)
        {
            NextAttemptAt = next;
        }
        else
        {
            Status = OutboxEmailStatus.Failed;
            NextAttemptAt = now;
        }
    }

    /// <summary>An administrator sends a failed email again: it starts over.</summary>
    public void Retry(DateTimeOffset now)
    {
        if (Status != OutboxEmailStatus.Failed)
        {
            throw new Common.DomainConflictException($"Email {Id} is {Status.ToString().ToLowerInvariant()}: only a failed email can be retried.");
        }

        Status = OutboxEmailStatus.Pending;
        Attempts = 0;
        NextAttemptAt = now;
        ClaimedUntil = null;
    }
}
