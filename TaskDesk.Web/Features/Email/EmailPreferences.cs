using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Email;

/// <summary>Which kinds of event a user wants email for; in-app notifications come either way.</summary>
public sealed class EmailPreferences(IDbContextFactory<TaskDeskDbContext> contexts)
{
    public static IReadOnlyList<TaskEventKind> Kinds { get; } = Enum.GetValues<TaskEventKind>();

    /// <summary>Every kind, true where the user gets email.</summary>
    public async Task<IReadOnlyDictionary<TaskEventKind, bool>> GetAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await ReadAsync(db, actor.UserId, ct);
    }

    private const int MaxAttempts = 5;

    /// <summary>
    /// Changes the kinds given and leaves the others as they are. The same user saving twice at once (two tabs) ends
    /// with the later save: the earlier one's opt-out is inserted while the later one looks, so the later one's insert
    /// meets it (a duplicate key on the server databases) and runs again, deleting it first.
    /// </summary>
    public async Task<IReadOnlyDictionary<TaskEventKind, bool>> SetAsync(Actor actor, IReadOnlyDictionary<TaskEventKind, bool> wanted, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var changed = wanted.Keys.ToList();
                await db.EmailOptOuts.Where(o => o.UserId == actor.UserId && changed.Contains(o.Kind)).ExecuteDeleteAsync(ct);
                db.EmailOptOuts.AddRange(wanted.Where(w => !w.Value).Select(w => new EmailOptOut(actor.UserId, w.Key)));
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return await ReadAsync(db, actor.UserId, ct);
            }
            catch (Exception error) when (attempt < MaxAttempts && (error is DbUpdateException || DatabaseFailures.IsTransientConflict(error)))
            {
                // Another save of the same user's preferences committed first: look again.
            }
        }
    }

    private static async Task<IReadOnlyDictionary<TaskEventKind, bool>> ReadAsync(TaskDeskDbContext db, int userId, CancellationToken ct)
    {
        var optedOut = await db.EmailOptOuts.Where(o => o.UserId == userId).Select(o => o.Kind).ToListAsync(ct);
        return Kinds.ToDictionary(k => k, k => !optedOut.Contains(k));
    }
}
