using TaskDesk.Domain.Tasks;

namespace TaskDesk.Domain.Notifications;

/// <summary>An in-app notification for one user about one task.</summary>
public sealed class Notification
{
    public const int TitleMaxLength = 200;
    public const int MessageMaxLength = 2000;

    private Notification()
    {
        TicketNumber = "";
        Title = "";
        Message = "";
    }

    public Notification(int userId, TaskEventKind kind, int taskId, int? taskItemId, string ticketNumber, string title, string message, DateTimeOffset now)
    {
        UserId = userId;
        Kind = kind;
        TaskId = taskId;
        TaskItemId = taskItemId;
        TicketNumber = ticketNumber;
        Title = Truncate(title, TitleMaxLength);
        Message = Truncate(message, MessageMaxLength);
        CreatedAt = now;
    }

    public long Id { get; private set; }

    public int UserId { get; private set; }

    public TaskEventKind Kind { get; private set; }

    public int TaskId { get; private set; }

    public int? TaskItemId { get; private set; }

    public string TicketNumber { get; private set; }

    public string Title { get; private set; }

    public string Message { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
