using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Notifications;

namespace TaskDesk.Tests.Web.Notifications;

public sealed class NotificationFeedTests
{
    private readonly NotificationFeed _feed = new(NullLogger<NotificationFeed>.Instance);

    [Fact]
    public async Task Publish_HandsEachUserTheirOwnIds_ToEveryPageOfTheirs()
    {
        var tabA = new ConcurrentQueue<long>();
        var tabB = new ConcurrentQueue<long>();
        var other = new ConcurrentQueue<long>();
        using var a = _feed.Subscribe(7, ids => Record(tabA, ids));
        using var b = _feed.Subscribe(7, ids => Record(tabB, ids));
        using var c = _feed.Subscribe(8, ids => Record(other, ids));

        await _feed.PublishAsync([(7, 3), (8, 4), (7, 5), (9, 6)]);

        Assert.Equal([3, 5], tabA);
        Assert.Equal([3, 5], tabB);
        Assert.Equal([4], other);
    }

    [Fact]
    public async Task AFailingOrStuckPage_DoesNotHoldBackTheOthers()
    {
        var stuck = new TaskCompletionSource();
        var taken = new ConcurrentQueue<long>();
        using var failing = _feed.Subscribe(7, _ => throw new InvalidOperationException("page gone"));
        using var hanging = _feed.Subscribe(7, _ => stuck.Task);
        using var fine = _feed.Subscribe(7, ids => Record(taken, ids));

        var publish = _feed.PublishAsync([(7, 1)]);
        await Wait.UntilAsync(() => taken.Count == 1, "the healthy page to take the id");
        await publish.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.False(stuck.Task.IsCompleted);
        Assert.Equal([1], taken);
        stuck.SetResult();
    }

    [Fact]
    public async Task ADisposedSubscription_IsNeitherCountedNorCalled()
    {
        var taken = new ConcurrentQueue<long>();
        var subscription = _feed.Subscribe(7, ids => Record(taken, ids));
        using var kept = _feed.Subscribe(7, _ => Task.CompletedTask);

        subscription.Dispose();
        subscription.Dispose();
        await _feed.PublishAsync([(7, 1)]);

        Assert.Empty(taken);
        Assert.Equal(1, _feed.SubscriberCount(7));
        kept.Dispose();
        Assert.Equal(0, _feed.SubscriberCount(7));
    }

    [Fact]
    public async Task PublishRead_ReachesTheUsersReadListenersOnly()
    {
        var reads = 0;
        var news = new ConcurrentQueue<long>();
        using var bell = _feed.Subscribe(7, ids => Record(news, ids), () => Task.FromResult(Interlocked.Increment(ref reads)));
        using var plain = _feed.Subscribe(7, ids => Record(news, ids));
        using var someoneElse = _feed.Subscribe(8, ids => Record(news, ids), () => Task.FromResult(Interlocked.Increment(ref reads)));

        await _feed.PublishReadAsync(7);

        Assert.Equal(1, reads);
        Assert.Empty(news);
    }

    private static Task Record(ConcurrentQueue<long> into, IReadOnlyList<long> ids)
    {
        foreach (var id in ids)
        {
            into.Enqueue(id);
        }

        return Task.CompletedTask;
    }
}
