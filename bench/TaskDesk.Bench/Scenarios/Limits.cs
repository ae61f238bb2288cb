using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Bench.Data;
using TaskDesk.Bench.Harness;
using TaskDesk.Bench.Hosting;
using TaskDesk.Data;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Features.Tasks;

namespace TaskDesk.Bench.Scenarios;

/// <summary>
/// What the plain-ADO.NET limits share: a connection per producer, opened as the app opens its own (so the same
/// connection settings and durability apply), with its statements prepared once; one transaction per unit of work.
/// </summary>
public sealed class LimitConnection : IDisposable
{
    private readonly TaskDeskDbContext _db;
    private readonly DbConnection _connection;
    private readonly DbCommand _turn;
    private readonly DbParameter _role;

    private LimitConnection(TaskDeskDbContext db, DbConnection connection)
    {
        _db = db;
        _connection = connection;
        Rows = new TaskRowWriters(db, connection);
        TaskUpdate = Rows<WorkTask>.Updater(db, connection, null);
        ItemUpdate = Rows<TaskItem>.Updater(db, connection, null);
        _turn = connection.CreateCommand();
        _turn.CommandText = "UPDATE \"RoundRobinCursors\" SET \"Counter\" = \"Counter\" + 1 WHERE \"RoleId\" = @role";
        _role = _turn.CreateParameter();
        _role.ParameterName = "@role";

        // Typed before it is prepared: PostgreSQL prepares with the parameters' types and has no value to infer one from.
        _role.DbType = System.Data.DbType.Int32;
        _turn.Parameters.Add(_role);
        _turn.Prepare();
    }

    public TaskRowWriters Rows { get; }

    public Rows<WorkTask> TaskUpdate { get; }

    public Rows<TaskItem> ItemUpdate { get; }

    public static async Task<LimitConnection> OpenAsync(IDbContextFactory<TaskDeskDbContext> contexts, CancellationToken ct)
    {
        var (db, connection) = await AppConnections.OpenAsync(contexts, ct);
        return new LimitConnection(db, connection);
    }

    /// <summary>Starts the unit of work's transaction (for SQLite, BEGIN IMMEDIATE, as the app's) and enlists every statement in it.</summary>
    public DbTransaction Begin()
    {
        var transaction = _connection.BeginTransaction();
        Rows.Transaction = transaction;
        TaskUpdate.Transaction = transaction;
        ItemUpdate.Transaction = transaction;
        _turn.Transaction = transaction;
        return transaction;
    }

    /// <summary>Claims a round-robin turn of a role: the one row the rotation writes.</summary>
    public void Turn(int roleId)
    {
        _role.Value = roleId;
        _turn.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Rows.Dispose();
        TaskUpdate.Dispose();
        ItemUpdate.Dispose();
        _turn.Dispose();
        _db.Dispose();
    }
}

/// <summary>
/// A limit: units of work prepared beforehand through the domain on the app's own database (so they are exactly the
/// app's rows, with ids after the existing ones), then written plainly by the producers, one transaction per unit.
/// </summary>
public abstract class PlainLimit<TUnit, TPrepared>(BenchDatabase server, IDbContextFactory<TaskDeskDbContext> contexts)
{
    public async Task<LoadResult> RunAsync(int producers, TUnit[] units, CancellationToken ct)
    {
        List<TPrepared> prepared;
        var (db, connection) = await AppConnections.OpenAsync(contexts, ct);
        await using (db)
        {
            var ids = await RowIds.AfterExistingAsync(connection, ct);
            prepared = await PrepareAsync(db, ids, await Limits.MembersAsync(db, ct), units, ct);
        }

        return await Limits.RunAsync(server, contexts, producers, prepared, (limit, unit) =>
        {
            using var transaction = limit.Begin();
            Write(limit, unit);
            transaction.Commit();
        }, ct);
    }

    /// <summary>Works the units out through the domain; <paramref name="members"/> are each role's active members in round-robin order.</summary>
    protected abstract Task<List<TPrepared>> PrepareAsync(TaskDeskDbContext db, RowIds ids, Dictionary<int, List<int>> members, TUnit[] units, CancellationToken ct);

    /// <summary>One unit's statements, inside its transaction.</summary>
    protected abstract void Write(LimitConnection connection, TPrepared unit);
}

public static class Limits
{
    /// <summary>Writes prepared units of work with a number of producers, each on its own <see cref="LimitConnection"/>.</summary>
    public static async Task<LoadResult> RunAsync<T>(
        BenchDatabase server, IDbContextFactory<TaskDeskDbContext> contexts, int producers, IReadOnlyList<T> prepared, Action<LimitConnection, T> write, CancellationToken ct)
    {
        var connections = new LimitConnection?[producers];
        try
        {
            return await Load.RunAsync(producers, prepared.Count, async (producer, i) =>
            {
                var connection = connections[producer] ??= await LimitConnection.OpenAsync(contexts, ct);
                write(connection, prepared[i]);
            }, ct);
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection?.Dispose();
            }

            // The app's own inserts continue after the ids the limit gave.
            var (db, plain) = await AppConnections.OpenAsync(contexts, ct);
            await using (db)
            {
                await server.FollowGivenIdsAsync(plain, RowIds.Tables.Values, ct);
            }
        }
    }

    /// <summary>The active members of each role, in the order the app's round-robin takes them.</summary>
    public static async Task<Dictionary<int, List<int>>> MembersAsync(TaskDeskDbContext db, CancellationToken ct) =>
        (await db.RoleMembers.Where(m => m.IsActive).Select(m => new { m.RoleId, m.UserId }).ToListAsync(ct))
        .GroupBy(m => m.RoleId)
        .ToDictionary(g => g.Key, g => g.Select(m => m.UserId).Order().ToList());

    /// <summary>The in-app notification and (where the app sends one) the email for each of the task's events, with ids, as the app writes them.</summary>
    public static (List<Notification> Notifications, List<OutboxEmail> Emails) Notify(WorkTask task, string ticketNumber, string subject, RowIds ids, DateTimeOffset now)
    {
        var notifications = new List<Notification>();
        var emails = new List<OutboxEmail>();
        foreach (var taskEvent in task.Events)
        {
            var notification = new Notification(
                taskEvent.RecipientUserId, taskEvent.Kind, task.Id, taskEvent.Item?.Id, ticketNumber, taskEvent.Kind.ToString(),
                $"{ticketNumber} · {subject}: step {taskEvent.Item?.StepName ?? task.CurrentStepName}.", now);
            ids.Give(notification);
            notifications.Add(notification);
            if (TaskNotifier.SendsEmail(taskEvent.Kind))
            {
                var email = new OutboxEmail(taskEvent.Kind, taskEvent.RecipientUserId, GeneratedWorld.EmailOf(taskEvent.RecipientUserId), task.Id, taskEvent.Item?.Id, ticketNumber, taskEvent.Note, now);
                ids.Give(email);
                emails.Add(email);
            }
        }

        task.ClearEvents();
        return (notifications, emails);
    }
}
