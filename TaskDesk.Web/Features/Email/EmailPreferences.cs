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

    /// <summary>Changes the kinds given and leaves the others as they are.</summary>
    public async Task<IReadOnlyDictionary<TaskEventKind, bool>> SetAsync(Actor actor, IReadOnlyDictionary<TaskEventKind, bool> wanted, CancellationToken ct = default)
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

    private static async Task<IReadOnlyDictionary<TaskEventKind, bool>> ReadAsync(TaskDeskDbContext db, int userId, CancellationToken ct)
    {
        var optedOut = await db.EmailOptOuts.Where(o => o.UserId == userId).Select(o => o.Kind).ToListAsync(ct);
        return Kinds.ToDictionary(k => k, k => !optedOut.Contains(k));
    }
}
