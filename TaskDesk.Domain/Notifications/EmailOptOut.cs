using TaskDesk.Domain.Tasks;

namespace TaskDesk.Domain.Notifications;

/// <summary>A user who does not want email for one kind of event (in-app notifications still come).</summary>
public sealed class EmailOptOut
{
    private EmailOptOut()
    {
    }

    public EmailOptOut(int userId, TaskEventKind kind)
    {
        UserId = userId;
        Kind = kind;
    }

    public int UserId { get; private set; }

    public TaskEventKind Kind { get; private set; }
}
