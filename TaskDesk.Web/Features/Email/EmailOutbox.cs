using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Email;

public sealed record OutboxEmailView(
    long Id, TaskEventKind Kind, int? ToUserId, string ToEmail, int TaskId, string TicketNumber, OutboxEmailStatus Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string LastError);

/// <summary>
/// Gets outbox rows to the sender: right after the change that wrote them commits (through <see cref="EmailSendQueue"/>,
/// so the change does not wait for the job storage), and from the periodic sweep for rows whose job was lost. Queuing a
/// row twice is harmless: the sender claims a row before it sends it.
/// </summary>
public sealed class EmailOutbox(IDbContextFactory<TaskDeskDbContext> contexts, IBackgroundJobClient jobs, EmailSendQueue sendQueue, TimeProvider clock)
{
    private const int SweepBatch = 1000;

    /// <summary>Queues the outbox rows a context has just saved; call after the transaction commits.</summary>
    public void QueueWritten(TaskDeskDbContext db)
    {
        var written = db.ChangeTracker.Entries<OutboxEmail>()
            .Where(e => e.State == EntityState.Unchanged && e.Entity.Status == OutboxEmailStatus.Pending && e.Entity.Attempts == 0)
            .Select(e => e.Entity.Id)
            .ToList();
        sendQueue.Add(written);
    }

    /// <summary>Queues outbox rows written without the change tracker (<see cref="Data.BulkInsert"/>); call after the transaction commits.</summary>
    public void QueueWritten(IReadOnlyCollection<long> ids) => sendQueue.Add(ids);

    /// <summary>Queues every row that is due and not held by a sender (the sweep).</summary>
    public async Task<int> QueueDueAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var due = await db.OutboxEmails
            .Where(e => e.Status == OutboxEmailStatus.Pending && e.NextAttemptAt <= now && (e.ClaimedUntil == null || e.ClaimedUntil < now))
            .OrderBy(e => e.Id)
            .Select(e => e.Id)
            .Take(SweepBatch)
            .ToListAsync(ct);
        sendQueue.QueueNow(due);
        return due.Count;
    }

    /// <summary>Outbox rows for administrators, newest first; failed ones unless another status is asked for.</summary>
    public async Task<IReadOnlyList<OutboxEmailView>> ListAsync(Actor actor, OutboxEmailStatus status = OutboxEmailStatus.Failed, int take = 200, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.OutboxEmails.AsNoTracking()
            .Where(e => e.Status == status)
            .OrderByDescending(e => e.Id)
            .Take(Math.Clamp(take, 1, 1000))
            .Select(e => new OutboxEmailView(e.Id, e.Kind, e.ToUserId, e.ToEmail, e.TaskId, e.TicketNumber, e.Status, e.Attempts, e.CreatedAt, e.NextAttemptAt, e.SentAt, e.LastError))
            .ToListAsync(ct);
        return rows;
    }

    /// <summary>An administrator sends a failed email again; anything but a failed email is a conflict.</summary>
    public async Task<OutboxEmailView> RetryAsync(Actor actor, long id, CancellationToken ct = default)
    {
        actor.RequireAdministrator();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var email = await db.OutboxEmails.SingleOrDefaultAsync(e => e.Id == id, ct)
            ?? throw new DomainNotFoundException($"Email {id} does not exist.");
        email.Retry(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainConflictException($"Email {id} was changed by someone else at the same moment; reload and try again.");
        }

        Queue(id);
        return new OutboxEmailView(email.Id, email.Kind, email.ToUserId, email.ToEmail, email.TaskId, email.TicketNumber, email.Status, email.Attempts, email.CreatedAt, email.NextAttemptAt, email.SentAt, email.LastError);
    }

    /// <summary>The API's name for an event kind: <c>new_assignment</c>, <c>sla_breach</c>, ...</summary>
    public static string Code(TaskEventKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    private void Queue(long id) => jobs.Enqueue<SendOutboxEmailJob>(job => job.RunAsync(id, CancellationToken.None));
}
