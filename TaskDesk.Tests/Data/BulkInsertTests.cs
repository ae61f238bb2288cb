using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Data;

/// <summary>Rows written in bulk must be the rows SaveChanges writes, on every database the run uses.</summary>
public sealed class BulkInsertTests : RuntimeTest
{
    private static readonly DateTimeOffset Instant = new(2026, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

    [Fact]
    public async Task RowsWrittenInBulk_ReadBackAsTheSameValuesAsRowsSaved_AndTheirKeysComeBack()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-BULK-SAME"));
        var coordinator = UserIds["cora@tests.local"];
        OutboxEmail Email() => new(TaskEventKind.SlaBreach, null, "requester@example.com", taskId, null, "TX-BULK-SAME", " a note ", Instant);
        Notification Notice() => new(coordinator, TaskEventKind.Escalation, taskId, null, "TX-BULK-SAME", "Task Escalated To You", "TX-BULK-SAME · ünïcode ✓", Instant);

        long savedEmail, savedNotice;
        IReadOnlyList<long> bulkEmails;
        await using (var db = App.CreateDbContext())
        {
            var (email, notice) = (Email(), Notice());
            db.AddRange(email, notice);
            await db.SaveChangesAsync();
            (savedEmail, savedNotice) = (email.Id, notice.Id);

            bulkEmails = await BulkInsert.InsertReturningKeysAsync(db, [Email(), Email()]);
            Assert.Equal(1, await BulkInsert.InsertAsync(db, [Notice()]));
        }

        await using (var db = App.CreateDbContext())
        {
            var emails = await db.OutboxEmails.AsNoTracking().Where(e => e.TaskId == taskId && e.ToUserId == null).OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(bulkEmails.Order(), emails.Select(e => e.Id).Where(id => id != savedEmail));
            var saved = Describe(emails.Single(e => e.Id == savedEmail));
            Assert.All(emails, e => Assert.Equal(saved, Describe(e)));

            // A stored value only counts as the same when queries find it the same way: the sender asks for due pending rows.
            Assert.Equal(3, await db.OutboxEmails.CountAsync(e => e.TaskId == taskId && e.Status == OutboxEmailStatus.Pending && e.NextAttemptAt <= Instant && e.ToUserId == null));

            var notices = await db.Notifications.AsNoTracking().Where(n => n.TaskId == taskId && n.Kind == TaskEventKind.Escalation).ToListAsync();
            Assert.Equal(2, notices.Count);
            Assert.Equal(Describe(notices.Single(n => n.Id == savedNotice)), Describe(notices.Single(n => n.Id != savedNotice)));
        }
    }

    [Fact]
    public async Task ManyRows_GoInSeveralStatements_InTheContextsTransaction()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-BULK-MANY"));
        var user = UserIds["cora@tests.local"];
        var rows = Enumerable.Range(0, 700).Select(i => new Notification(user, TaskEventKind.SlaBreach, taskId, null, "TX-BULK-MANY", "SLA Breach", $"row {i}", Instant)).ToList();

        await using (var db = App.CreateDbContext())
        {
            await using var rolledBack = await db.Database.BeginTransactionAsync();
            Assert.Equal(700, await BulkInsert.InsertAsync(db, rows));
        }

        Assert.Equal(0, await CountAsync(taskId));

        await using (var db = App.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await BulkInsert.InsertAsync(db, rows);
            await transaction.CommitAsync();
        }

        Assert.Equal(700, await CountAsync(taskId));
        await using var check = App.CreateDbContext();
        var messages = await check.Notifications.Where(n => n.TaskId == taskId && n.Kind == TaskEventKind.SlaBreach).Select(n => n.Message).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 700).Select(i => $"row {i}").Order(), messages.Order());
    }

    [Fact]
    public async Task FillNull_GivesEachRowItsOwnValue_AcrossSeveralStatements_AndLeavesRowsAlreadySetAlone()
    {
        var taskId = await TaskIdOfAsync(TicketBody("TX-BULK-FILL"));
        var user = UserIds["cora@tests.local"];
        await using var db = App.CreateDbContext();
        await BulkInsert.InsertAsync(db, [.. Enumerable.Range(0, 251).Select(i => new Notification(user, TaskEventKind.SlaBreach, taskId, null, "TX-BULK-FILL", "SLA Breach", $"row {i}", Instant))]);
        var ids = await db.Notifications.Where(n => n.TaskId == taskId && n.Kind == TaskEventKind.SlaBreach).OrderBy(n => n.Id).Select(n => n.Id).ToListAsync();
        var (alreadyRead, left) = (ids[0], ids[^1]);
        await db.Notifications.Where(n => n.Id == alreadyRead).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, Instant));

        // Every row a value of its own (in whole milliseconds, which every provider keeps), so a value given to the wrong row shows.
        var values = ids.Where(id => id != left).Select((id, i) => (id, Instant.AddMinutes(i).AddMilliseconds(i % 7))).ToList();
        Assert.Equal(249, await BulkUpdate.FillNullAsync<Notification, long, DateTimeOffset>(db, nameof(Notification.ReadAt), values));

        var stored = await db.Notifications.AsNoTracking().Where(n => n.TaskId == taskId && n.Kind == TaskEventKind.SlaBreach).ToDictionaryAsync(n => n.Id, n => n.ReadAt);
        Assert.Equal(Instant, stored[alreadyRead]);
        Assert.Null(stored[left]);
        Assert.All(values.Skip(1), v => Assert.Equal(v.Item2, stored[v.id]));

        // Stored as SaveChanges stores it: found by the same comparison.
        var (id, value) = values[100];
        Assert.Equal(id, await db.Notifications.Where(n => n.TaskId == taskId && n.ReadAt == value).Select(n => n.Id).SingleAsync());
    }

    private async Task<int> CountAsync(int taskId)
    {
        await using var db = App.CreateDbContext();
        return await db.Notifications.CountAsync(n => n.TaskId == taskId && n.Kind == TaskEventKind.SlaBreach);
    }

    private static string Describe(OutboxEmail e) =>
        $"{e.Kind}|{e.ToUserId}|{e.ToEmail}|{e.TaskId}|{e.TaskItemId}|{e.TicketNumber}|{e.Note}|{e.Status}|{e.Attempts}|{e.CreatedAt:O}|{e.NextAttemptAt:O}|{e.SentAt:O}|{e.LastError}|{e.ClaimedUntil:O}";

    private static string Describe(Notification n) =>
        $"{n.UserId}|{n.Kind}|{n.TaskId}|{n.TaskItemId}|{n.TicketNumber}|{n.Title}|{n.Message}|{n.CreatedAt:O}|{n.ReadAt:O}";
}
