using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using TaskDesk.Domain.Tasks;

namespace TaskDesk.Data;

/// <summary>
/// Takes a turn of a role's rotation (<see cref="RoundRobinCursor"/>) in one statement that increments the counter
/// and returns the turn taken, in the context's current transaction: no two callers, in this process or another, get
/// the same turn, and the write is held for one round trip instead of a read and a conditional update. The table and
/// column names come from the model, as <see cref="BulkInsert"/>'s do, so a rename in a configuration follows here.
/// </summary>
public static class RoundRobinTurns
{
    // One model per context type, so one statement per provider; every intake and move takes turns.
    private static readonly ConcurrentDictionary<Type, string> Statements = new();

    /// <summary>The turn this call took (the counter before its increment), or null when the role has no cursor yet.</summary>
    public static async Task<long?> TakeAsync(TaskDeskDbContext db, int roleId, CancellationToken ct = default)
    {
        var taken = await db.Database.SqlQueryRaw<long>(Statement(db), roleId).ToListAsync(ct);
        return taken.Count == 0 ? null : taken[0];
    }

    /// <summary>
    /// The statement <see cref="TakeAsync"/> runs: <c>UPDATE … SET Counter = Counter + 1 WHERE RoleId = {0}</c>,
    /// returning the counter before, through <c>RETURNING</c> on SQLite and PostgreSQL and <c>OUTPUT inserted</c> on
    /// SQL Server, in a column named <c>Value</c> as <c>SqlQueryRaw</c> of a scalar wants it.
    /// </summary>
    public static string Statement(TaskDeskDbContext db) => Statements.GetOrAdd(db.GetType(), _ => Build(db));

    private static string Build(TaskDeskDbContext db)
    {
        var cursors = MappedTable.Of(db, typeof(RoundRobinCursor));
        var table = cursors.Name;
        var counter = cursors.Column(cursors.Property(nameof(RoundRobinCursor.Counter)));
        var role = cursors.Column(cursors.Property(nameof(RoundRobinCursor.RoleId)));
        return db.Database.IsSqlServer()
            ? $"UPDATE {table} SET {counter} = {counter} + 1 OUTPUT inserted.{counter} - 1 AS [Value] WHERE {role} = {{0}}"
            : $"UPDATE {table} SET {counter} = {counter} + 1 WHERE {role} = {{0}} RETURNING {counter} - 1 AS \"Value\"";
    }
}
