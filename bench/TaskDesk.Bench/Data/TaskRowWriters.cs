using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Domain.Tickets;

namespace TaskDesk.Bench.Data;

/// <summary>
/// Gives new rows their ids, as the database would, so they can be written with plain inserts: each table continues
/// after the highest id it was told about.
/// </summary>
public sealed class RowIds
{
    private static readonly Action<Ticket, int> SetTicketId = Members.Setter<Ticket, int>(nameof(Ticket.Id));
    private static readonly Action<WorkTask, int> SetTaskId = Members.Setter<WorkTask, int>(nameof(WorkTask.Id));
    private static readonly Action<TaskItem, int> SetItemId = Members.Setter<TaskItem, int>(nameof(TaskItem.Id));
    private static readonly Action<TaskItem, int> SetItemTaskId = Members.Setter<TaskItem, int>(nameof(TaskItem.TaskId));
    private static readonly Action<TaskItemHistoryEntry, long> SetHistoryId = Members.Setter<TaskItemHistoryEntry, long>(nameof(TaskItemHistoryEntry.Id));
    private static readonly Action<TaskItemHistoryEntry, int> SetHistoryItemId = Members.Setter<TaskItemHistoryEntry, int>(nameof(TaskItemHistoryEntry.TaskItemId));
    private static readonly Action<TaskActivity, long> SetActivityId = Members.Setter<TaskActivity, long>(nameof(TaskActivity.Id));
    private static readonly Action<TaskActivity, int> SetActivityTaskId = Members.Setter<TaskActivity, int>(nameof(TaskActivity.TaskId));
    private static readonly Action<Notification, long> SetNotificationId = Members.Setter<Notification, long>(nameof(Notification.Id));
    private static readonly Action<OutboxEmail, long> SetOutboxId = Members.Setter<OutboxEmail, long>(nameof(OutboxEmail.Id));

    private readonly Dictionary<Type, long> _last;

    public RowIds(IReadOnlyDictionary<Type, long>? last = null)
    {
        _last = Tables.ToDictionary(t => t.Key, t => last?.GetValueOrDefault(t.Key) ?? 0);
    }

    /// <summary>The tables a task's life writes, by entity type.</summary>
    public static IReadOnlyDictionary<Type, string> Tables { get; } = new Dictionary<Type, string>
    {
        [typeof(Ticket)] = "Tickets",
        [typeof(WorkTask)] = "Tasks",
        [typeof(TaskActivity)] = "TaskActivities",
        [typeof(TaskItem)] = "TaskItems",
        [typeof(TaskItemHistoryEntry)] = "TaskItemHistory",
        [typeof(Notification)] = "Notifications",
        [typeof(OutboxEmail)] = "OutboxEmails",
    };

    public IReadOnlyDictionary<Type, long> Last => _last;

    /// <summary>Continues after the highest ids in the database now.</summary>
    public static async Task<RowIds> AfterExistingAsync(DbConnection connection, CancellationToken ct = default)
    {
        var last = new Dictionary<Type, long>();
        foreach (var (type, table) in Tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COALESCE(MAX(\"Id\"), 0) FROM \"{table}\"";
            last[type] = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        return new RowIds(last);
    }

    public void Give(Ticket ticket) => SetTicketId(ticket, (int)Next<Ticket>());

    public void Give(Notification notification) => SetNotificationId(notification, Next<Notification>());

    public void Give(OutboxEmail email) => SetOutboxId(email, Next<OutboxEmail>());

    /// <summary>The task itself when new, and every activity, assignment and history entry it gained since the last call.</summary>
    public void Give(WorkTask task)
    {
        if (task.Id == 0)
        {
            SetTaskId(task, (int)Next<WorkTask>());
        }

        foreach (var activity in task.Activities.Where(a => a.Id == 0))
        {
            SetActivityId(activity, Next<TaskActivity>());
            SetActivityTaskId(activity, task.Id);
        }

        foreach (var item in task.Items)
        {
            if (item.Id == 0)
            {
                SetItemId(item, (int)Next<TaskItem>());
                SetItemTaskId(item, task.Id);
            }

            foreach (var entry in item.History.Where(h => h.Id == 0))
            {
                SetHistoryId(entry, Next<TaskItemHistoryEntry>());
                SetHistoryItemId(entry, item.Id);
            }
        }
    }

    private long Next<T>() => ++_last[typeof(T)];
}

/// <summary>Prepared inserts for everything a task's life writes, on one connection; the transaction is set per unit of work.</summary>
public sealed class TaskRowWriters : IDisposable
{
    private readonly Rows<Ticket> _tickets;
    private readonly Rows<WorkTask> _tasks;
    private readonly Rows<TaskActivity> _activities;
    private readonly Rows<TaskItem> _items;
    private readonly Rows<TaskItemHistoryEntry> _history;
    private readonly Rows<Notification> _notifications;
    private readonly Rows<OutboxEmail> _emails;

    public TaskRowWriters(TaskDeskDbContext db, DbConnection connection, DbTransaction? transaction = null)
    {
        _tickets = Rows<Ticket>.Inserter(db, connection, transaction);
        _tasks = Rows<WorkTask>.Inserter(db, connection, transaction);
        _activities = Rows<TaskActivity>.Inserter(db, connection, transaction);
        _items = Rows<TaskItem>.Inserter(db, connection, transaction);
        _history = Rows<TaskItemHistoryEntry>.Inserter(db, connection, transaction);
        _notifications = Rows<Notification>.Inserter(db, connection, transaction);
        _emails = Rows<OutboxEmail>.Inserter(db, connection, transaction);
    }

    public DbTransaction? Transaction
    {
        set
        {
            _tickets.Transaction = value;
            _tasks.Transaction = value;
            _activities.Transaction = value;
            _items.Transaction = value;
            _history.Transaction = value;
            _notifications.Transaction = value;
            _emails.Transaction = value;
        }
    }

    /// <summary>A whole new task with its ticket: every row of it.</summary>
    public void WriteNew(Ticket ticket, WorkTask task, IEnumerable<Notification> notifications, IEnumerable<OutboxEmail> emails)
    {
        _tickets.Write(ticket);
        _tasks.Write(task);
        WriteAdded(task, notifications, emails);
    }

    /// <summary>The rows a task gained: activities, assignments and history entries with ids above <paramref name="after"/>, notifications, emails.</summary>
    public void WriteAdded(WorkTask task, IEnumerable<Notification> notifications, IEnumerable<OutboxEmail> emails, RowMarks? after = null)
    {
        var marks = after ?? RowMarks.None;
        foreach (var activity in task.Activities.Where(a => a.Id > marks.Activity))
        {
            _activities.Write(activity);
        }

        foreach (var item in task.Items)
        {
            if (item.Id > marks.Item)
            {
                _items.Write(item);
            }

            foreach (var entry in item.History.Where(h => h.Id > marks.History))
            {
                _history.Write(entry);
            }
        }

        foreach (var notification in notifications)
        {
            _notifications.Write(notification);
        }

        foreach (var email in emails)
        {
            _emails.Write(email);
        }
    }

    public void Dispose()
    {
        _tickets.Dispose();
        _tasks.Dispose();
        _activities.Dispose();
        _items.Dispose();
        _history.Dispose();
        _notifications.Dispose();
        _emails.Dispose();
    }
}

/// <summary>The highest ids a loaded task had, so that what it gains afterwards can be told apart.</summary>
public sealed record RowMarks(long Activity, int Item, long History)
{
    public static RowMarks None { get; } = new(0, 0, 0);

    public static RowMarks Of(WorkTask task) => new(
        task.Activities.Select(a => a.Id).DefaultIfEmpty().Max(),
        task.Items.Select(i => i.Id).DefaultIfEmpty().Max(),
        task.Items.SelectMany(i => i.History).Select(h => h.Id).DefaultIfEmpty().Max());
}

/// <summary>Opens a connection the way the app opens its own (through its DbContext, so its connection settings apply).</summary>
public static class AppConnections
{
    public static async Task<(TaskDeskDbContext Db, DbConnection Connection)> OpenAsync(IDbContextFactory<TaskDeskDbContext> contexts, CancellationToken ct = default)
    {
        var db = await contexts.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        return (db, db.Database.GetDbConnection());
    }
}
