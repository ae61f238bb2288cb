using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Notifications;

namespace TaskDesk.Tests.Web.Notifications;

/// <summary>The app's own relay on a real database: what is written reaches the feed of its user.</summary>
public sealed class NotificationRelayTests : RuntimeTest
{
    private readonly ConcurrentDictionary<int, ConcurrentQueue<long>> _received = new();

    [Fact]
    public async Task ATicketTakenIn_ReachesTheAssigneesPages_AndNoOneElses()
    {
        using var tina = Listen("tina@tests.local");
        using var theo = Listen("theo@tests.local");
        await RelayIsLiveAsync("ava@tests.local");

        var taskId = await TaskIdOfAsync(TicketBody("TX-RELAY-1"));
        var (assignee, _) = await CurrentAssigneeAsync(taskId);
        var other = assignee == "tina@tests.local" ? "theo@tests.local" : "tina@tests.local";
        await using var db = App.CreateDbContext();
        var notificationId = await db.Notifications.Where(n => n.UserId == UserIds[assignee] && n.TaskId == taskId).Select(n => n.Id).SingleAsync();

        await Wait.UntilAsync(() => Received(assignee).Contains(notificationId), "the assignee's notification");
        Assert.Equal([notificationId], Received(assignee));
        Assert.Empty(Received(other));
    }

    [Fact]
    public async Task ARowCommittedAfterAHigherId_IsStillRelayed_Once()
    {
        // As on PostgreSQL or SQL Server when two transactions commit in the other order than they took their ids.
        using var ava = Listen("ava@tests.local");
        var probe = await RelayIsLiveAsync("ava@tests.local");

        await InsertAsync(probe + 2);
        await Wait.UntilAsync(() => Received("ava@tests.local").Contains(probe + 2), "notification probe + 2");
        await InsertAsync(probe + 1);
        await Wait.UntilAsync(() => Received("ava@tests.local").Contains(probe + 1), "notification probe + 1");
        await InsertAsync(probe + 3);
        await Wait.UntilAsync(() => Received("ava@tests.local").Contains(probe + 3), "notification probe + 3");

        Assert.Equal([probe + 1, probe + 2, probe + 3], Received("ava@tests.local").Where(id => id > probe).Order());
    }

    private IDisposable Listen(string email)
    {
        var queue = _received.GetOrAdd(UserIds[email], _ => new ConcurrentQueue<long>());
        return App.Service<NotificationFeed>().Subscribe(UserIds[email], ids =>
        {
            foreach (var id in ids)
            {
                queue.Enqueue(id);
            }

            return Task.CompletedTask;
        });
    }

    private IReadOnlyCollection<long> Received(string email) => _received.GetOrAdd(UserIds[email], _ => new ConcurrentQueue<long>()).ToArray();

    /// <summary>Inserts a notification with an id of the test's choosing, as plain SQL both SQLite and PostgreSQL take.</summary>
    private async Task InsertAsync(long id)
    {
        await using var db = App.CreateDbContext();

        // SQLite keeps instants as numbers (a value converter), PostgreSQL as timestamptz.
        object createdAt = db.Database.IsSqlite() ? 0L : DateTimeOffset.UtcNow;
        var userId = UserIds["ava@tests.local"];
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "Notifications" ("Id", "UserId", "Kind", "TaskId", "TaskItemId", "TicketNumber", "Title", "Message", "CreatedAt", "ReadAt") VALUES ({id}, {userId}, 'NewAssignment', 0, NULL, 'LATE', 'Late', 'Committed late', {createdAt}, NULL)""");
    }
}
