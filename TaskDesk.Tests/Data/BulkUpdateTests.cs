using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Data;

/// <summary>Each row filled in bulk must get its own value, stored as SaveChanges stores it, on every database the run uses.</summary>
public sealed class BulkUpdateTests : RuntimeTest
{
    private static readonly DateTimeOffset Instant = new(2026, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

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
}
