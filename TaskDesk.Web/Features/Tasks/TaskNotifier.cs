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
        if (tasks.All(t => t.Task.Events.Count == 0))
        {
            return;
        }

        var recipients = new List<Recipient>();
        await foreach (var recipient in Recipients(db, [.. tasks.SelectMany(t => t.Task.Events).Select(e => e.RecipientUserId).Distinct()]).WithCancellation(ct))
        {
            recipients.Add(recipient);
        }

        var emails = recipients.ToDictionary(u => u.Id, u => u.Email ?? "");
        var optOuts = recipients.SelectMany(u => u.OptOuts.Select(kind => (UserId: u.Id, Kind: kind))).ToHashSet();
        foreach (var (task, ticketNumber, subject) in tasks)
        {
            foreach (var taskEvent in task.Events)
            {
                var (title, message) = Describe(taskEvent, ticketNumber, subject);
                db.Notifications.Add(new Notification(taskEvent.RecipientUserId, taskEvent.Kind, task.Id, taskEvent.Item?.Id, ticketNumber, title, message, now));
                if (SendsEmail(taskEvent.Kind) && !optOuts.Contains((taskEvent.RecipientUserId, taskEvent.Kind)) && emails.TryGetValue(taskEvent.RecipientUserId, out var email) && email.Length > 0)
                {
                    db.OutboxEmails.Add(new OutboxEmail(taskEvent.Kind, taskEvent.RecipientUserId, email, task.Id, taskEvent.Item?.Id, ticketNumber, taskEvent.Note, now));
                }
            }

            task.ClearEvents();
        }
    }

    /// <summary>The seed's channels: task complete is in-app only; the others are email and in-app.</summary>
    public static bool SendsEmail(TaskEventKind kind) => kind != TaskEventKind.TaskComplete;

    private static (string Title, string Message) Describe(TaskEvent taskEvent, string ticketNumber, string subject) => taskEvent.Kind switch
    {
        TaskEventKind.NewAssignment => ("New Task Assignment", $"{ticketNumber} · {subject}: you are assigned the step {taskEvent.Item?.StepName}."),
        TaskEventKind.Transfer => ("Task Transferred To You", $"{ticketNumber} · {subject}: step {taskEvent.Item?.StepName} was transferred to you." + NoteSuffix(taskEvent)),
        TaskEventKind.Escalation => ("Task Escalated To You", $"{ticketNumber} · {subject}: step {taskEvent.Item?.StepName} was escalated to you." + NoteSuffix(taskEvent)),
        TaskEventKind.TaskComplete => ("Task Complete", $"{ticketNumber} · {subject} is complete."),
        TaskEventKind.SlaWarning => ("SLA Warning", $"{ticketNumber} · {subject}: step {taskEvent.Item?.StepName} nears its SLA target."),
        TaskEventKind.SlaBreach => ("SLA Breach", $"{ticketNumber} · {subject}: step {taskEvent.Item?.StepName} is past its SLA target."),
        _ => throw new ArgumentOutOfRangeException(nameof(taskEvent)),
    };

    private static string NoteSuffix(TaskEvent taskEvent) => string.IsNullOrWhiteSpace(taskEvent.Note) ? "" : $" Reason: {taskEvent.Note}";

    private sealed record Recipient(int Id, string? Email, List<TaskEventKind> OptOuts);
}
