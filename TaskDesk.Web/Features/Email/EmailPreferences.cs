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
    /// Changes the kinds given and leaves the others as they are. Saves of the same user's preferences (two tabs) take
    /// turns: each first writes the user's row, which the database locks until the save commits, so the next one deletes
    /// what the last one inserted instead of inserting beside it (a duplicate key on the server databases: a 500 once,
    /// and with a dozen at once a retry alone kept losing). The later save stands.
    /// </summary>
    public async Task<IReadOnlyDictionary<TaskEventKind, bool>> SetAsync(Actor actor, IReadOnlyDictionary<TaskEventKind, bool> wanted, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.Users.Where(u => u.Id == actor.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.ConcurrencyStamp, u => u.ConcurrencyStamp), ct);
                var changed = wanted.Keys.ToList();
                await db.EmailOptOuts.Where(o => o.UserId == actor.UserId && changed.Contains(o.Kind)).ExecuteDeleteAsync(ct);
                db.EmailOptOuts.AddRange(wanted.Where(w => !w.Value).Select(w => new EmailOptOut(actor.UserId, w.Key)));
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return await ReadAsync(db, actor.UserId, ct);
            }
            catch (Exception error) when (attempt < MaxAttempts && DatabaseFailures.IsTransientConflict(error))
            {
                // The database gave up on this save (a deadlock's victim, a busy SQLite file): run it again.
            }
        }
    }

    private static async Task<IReadOnlyDictionary<TaskEventKind, bool>> ReadAsync(TaskDeskDbContext db, int userId, CancellationToken ct)
    {
        var optedOut = await db.EmailOptOuts.Where(o => o.UserId == userId).Select(o => o.Kind).ToListAsync(ct);
        return Kinds.ToDictionary(k => k, k => !optedOut.Contains(k));
    }
}
