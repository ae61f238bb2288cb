using System.Collections.Concurrent;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Notifications;

namespace TaskDesk.Tests.Web.Notifications;

/// <summary>
/// On a server database two transactions may commit their notifications in the opposite order of their ids. SQLite
/// lets one writer at a time, so the interleaving below cannot happen there; this test needs the PostgreSQL server.
/// </summary>
[Trait("Category", TestPostgres.RequiresServer)]
public sealed class NotificationRelayOrderTests : IDisposable
{
    private readonly TaskDeskApp _app = new TaskDeskApp().WithSetting("TaskDesk:Notifications:RelayInterval", "00:00:00.050");
    private readonly ConcurrentDictionary<long, bool> _seen = new();

    public NotificationRelayOrderTests() => _ = TestPostgres.RequiredServer;

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task NotificationCommittedAfterAHigherId_StillReachesTheUsersPages()
    {
        var userId = await _app.CreateUserAsync("nora@tests.local");
        using var subscription = _app.Service<NotificationFeed>().Subscribe(userId, ids =>
        {
            foreach (var id in ids)
            {
                _seen[id] = true;
            }

            return Task.CompletedTask;
        });
        await WaitUntilSeenAsync(await WriteAsync(userId, "the relay is running"));

        await using var slow = _app.CreateDbContext();
        await using var transaction = await slow.Database.BeginTransactionAsync();
        var late = Notice(userId, "written first, committed last");
        slow.Notifications.Add(late);
        await slow.SaveChangesAsync();
        var early = await WriteAsync(userId, "written second, committed first");
        Assert.True(late.Id < early);
        await WaitUntilSeenAsync(early);

        await transaction.CommitAsync();

        await WaitUntilSeenAsync(late.Id);
    }

    private static Notification Notice(int userId, string title) =>
        new(userId, TaskEventKind.NewAssignment, taskId: 1, taskItemId: null, "TX-ORDER", title, title, DateTimeOffset.UtcNow);

    private async Task<long> WriteAsync(int userId, string title)
    {
        await using var db = _app.CreateDbContext();
        var notice = Notice(userId, title);
        db.Notifications.Add(notice);
        await db.SaveChangesAsync();
        return notice.Id;
    }

    private async Task WaitUntilSeenAsync(long id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_seen.ContainsKey(id))
        {
            Assert.True(DateTime.UtcNow < deadline, $"notification {id} never reached the user's pages; seen: {string.Join(", ", _seen.Keys.Order())}");
            await Task.Delay(20);
        }
    }
}
