using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;

namespace TaskDesk.Web.Features.EndLogicRuns;

/// <summary>
/// The <c>notification</c> end logic: "task complete" emails to the ticket's requester (no TaskDesk user, so no user
/// id and no opt-out) and to the coordinator (unless they turned that kind off), added to <paramref name="db"/> so they
/// are saved in the same transaction that marks the end logic done.
/// </summary>
public static class EndLogicNotice
{
    public static async Task<int> AddEmailsAsync(TaskDeskDbContext db, WorkTask task, DateTimeOffset now, CancellationToken ct)
    {
        var ticket = await db.Tickets.Where(k => k.Id == task.TicketId).Select(k => new { k.TicketNumber, k.RequesterEmail }).SingleAsync(ct);
        var rows = new List<OutboxEmail>();
        if (ticket.RequesterEmail.Length > 0)
        {
            rows.Add(new OutboxEmail(TaskEventKind.TaskComplete, null, ticket.RequesterEmail, task.Id, null, ticket.TicketNumber, null, now));
        }

        if (task.CoordinatorUserId is { } coordinator
            && !await db.EmailOptOuts.AnyAsync(o => o.UserId == coordinator && o.Kind == TaskEventKind.TaskComplete, ct)
            && await db.Users.Where(u => u.Id == coordinator).Select(u => u.Email).SingleOrDefaultAsync(ct) is { Length: > 0 } address)
        {
            rows.Add(new OutboxEmail(TaskEventKind.TaskComplete, coordinator, address, task.Id, null, ticket.TicketNumber, null, now));
        }

        db.OutboxEmails.AddRange(rows);
        return rows.Count;
    }
}
