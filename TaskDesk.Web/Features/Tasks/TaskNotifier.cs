using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;

namespace TaskDesk.Web.Features.Tasks;

/// <summary>
/// Turns a task's events into in-app notifications and, where the seed's table says email and the recipient has not turned
/// that kind off, outbox rows — added to the
/// same context, so they are saved in the same transaction as the change that caused them.
/// </summary>
public static class TaskNotifier
{
    // Each recipient's address and the kinds they turned off, in one query compiled once (every intake and move runs it).
    private static readonly Func<TaskDeskDbContext, int[], IAsyncEnumerable<Recipient>> Recipients =
        EF.CompileAsyncQuery((TaskDeskDbContext db, int[] ids) => db.Users
            .Where(u => ids.Contains(u.Id))
            .Select(u => new Recipient(u.Id, u.Email, db.EmailOptOuts.Where(o => o.UserId == u.Id).Select(o => o.Kind).ToList())));

    public static Task RecordAsync(TaskDeskDbContext db, WorkTask task, string ticketNumber, string subject, DateTimeOffset now, CancellationToken ct = default) =>
        RecordAsync(db, [(task, ticketNumber, subject)], now, ct);

    /// <summary>The events of several tasks at once (the SLA scan's batches), with one query for all their recipients.</summary>
    public static async Task RecordAsync(TaskDeskDbContext db, IReadOnlyList<(WorkTask Task, string TicketNumber, string Subject)> tasks, DateTimeOffset now, CancellationToken ct = default)
    {
        var notices = tasks
            .SelectMany(t => t.Task.Events.Select(e => new Notice(e.Kind, e.RecipientUserId, t.Task.Id, e.Item is { } item ? KeyOf(db, t.Task, item) : null, e.Item?.StepName, e.Note, t.TicketNumber, t.Subject)))
            .ToList();
        var (notifications, emails) = await ComposeAsync(db, notices, now, ct);
        db.Notifications.AddRange(notifications);
        db.OutboxEmails.AddRange(emails);
        foreach (var (task, _, _) in tasks)
        {
            task.ClearEvents();
        }
    }

    /// <summary>
    /// The assignment's id, or while it is being added (a move's new assignment) its temporary key: the notification and
    /// email are related to the assignment, so saving them together puts its generated id in both.
    /// </summary>
    private static int KeyOf(TaskDeskDbContext db, WorkTask task, TaskItem item)
    {
        if (item.Id != 0)
        {
            return item.Id;
        }

        // The task's entry first: looking at it finds the assignments added to its collection since the last look.
        _ = db.Entry(task);
        return db.Entry(item).Property(i => i.Id).CurrentValue;
    }

    /// <summary>
    /// What the notices tell their recipients: an in-app notification each and, where the seed's table says email and
    /// the recipient has an address and has not turned that kind off, an outbox row. Nothing is added to the context:
    /// <see cref="RecordAsync(TaskDeskDbContext, IReadOnlyList{ValueTuple{WorkTask, string, string}}, DateTimeOffset, CancellationToken)"/>
    /// adds them, the SLA scan writes them in bulk.
    /// </summary>
    public static async Task<(List<Notification> Notifications, List<OutboxEmail> Emails)> ComposeAsync(
        TaskDeskDbContext db, IReadOnlyList<Notice> notices, DateTimeOffset now, CancellationToken ct = default)
    {
        var (notifications, outbox) = (new List<Notification>(notices.Count), new List<OutboxEmail>());
        if (notices.Count == 0)
        {
            return (notifications, outbox);
        }

        var recipients = new List<Recipient>();
        await foreach (var recipient in Recipients(db, [.. notices.Select(n => n.RecipientUserId).Distinct()]).WithCancellation(ct))
        {
            recipients.Add(recipient);
        }

        var emails = recipients.ToDictionary(u => u.Id, u => u.Email ?? "");
        var optOuts = recipients.SelectMany(u => u.OptOuts.Select(kind => (UserId: u.Id, Kind: kind))).ToHashSet();
        foreach (var notice in notices)
        {
            var (title, message) = Describe(notice);
            notifications.Add(new Notification(notice.RecipientUserId, notice.Kind, notice.TaskId, notice.ItemId, notice.TicketNumber, title, message, now));
            if (SendsEmail(notice.Kind) && !optOuts.Contains((notice.RecipientUserId, notice.Kind)) && emails.TryGetValue(notice.RecipientUserId, out var email) && email.Length > 0)
            {
                outbox.Add(new OutboxEmail(notice.Kind, notice.RecipientUserId, email, notice.TaskId, notice.ItemId, notice.TicketNumber, notice.Note, now));
            }
        }

        return (notifications, outbox);
    }

    /// <summary>The seed's channels: task complete is in-app only; the others are email and in-app.</summary>
    public static bool SendsEmail(TaskEventKind kind) => kind != TaskEventKind.TaskComplete;

    private static (string Title, string Message) Describe(Notice notice) => notice.Kind switch
    {
        TaskEventKind.NewAssignment => ("New Task Assignment", $"{notice.TicketNumber} · {notice.Subject}: you are assigned the step {notice.StepName}."),
        TaskEventKind.Transfer => ("Task Transferred To You", $"{notice.TicketNumber} · {notice.Subject}: step {notice.StepName} was transferred to you." + NoteSuffix(notice)),
        TaskEventKind.Escalation => ("Task Escalated To You", $"{notice.TicketNumber} · {notice.Subject}: step {notice.StepName} was escalated to you." + NoteSuffix(notice)),
        TaskEventKind.TaskComplete => ("Task Complete", $"{notice.TicketNumber} · {notice.Subject} is complete."),
        TaskEventKind.SlaWarning => ("SLA Warning", $"{notice.TicketNumber} · {notice.Subject}: step {notice.StepName} nears its SLA target."),
        TaskEventKind.SlaBreach => ("SLA Breach", $"{notice.TicketNumber} · {notice.Subject}: step {notice.StepName} is past its SLA target."),
        _ => throw new ArgumentOutOfRangeException(nameof(notice)),
    };

    private static string NoteSuffix(Notice notice) => string.IsNullOrWhiteSpace(notice.Note) ? "" : $" Reason: {notice.Note}";

    /// <summary>One event for one recipient, with what its message names: the task's ticket and, for a step's events, the step.</summary>
    public sealed record Notice(TaskEventKind Kind, int RecipientUserId, int TaskId, int? ItemId, string? StepName, string? Note, string TicketNumber, string Subject);

    private sealed record Recipient(int Id, string? Email, List<TaskEventKind> OptOuts);
}
