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

    public OutboxEmail(TaskEventKind kind, int toUserId, string toEmail, int taskId, int? taskItemId, string ticketNumber, string? note, DateTimeOffset now)
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

    public int ToUserId { get; private set; }

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
}
