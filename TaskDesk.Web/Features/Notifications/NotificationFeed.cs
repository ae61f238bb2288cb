using System.Collections.Concurrent;

namespace TaskDesk.Web.Features.Notifications;

/// <summary>
/// Tells the open pages of a user, in this process, that new notifications were written for them.
/// Pages (their circuits) subscribe; <see cref="NotificationRelay"/> publishes what it reads from the database,
/// so a notification written by any process or job reaches every circuit of its user, wherever it lives.
/// </summary>
public sealed class NotificationFeed(ILogger<NotificationFeed> log)
{
    private readonly ConcurrentDictionary<int, ImmutableSubscribers> _subscribers = new();

    /// <summary>
    /// Calls <paramref name="onNew"/> with the ids of new notifications for <paramref name="userId"/> until disposed.
    /// The callback runs on the relay's thread: a component must marshal with InvokeAsync.
    /// </summary>
    public IDisposable Subscribe(int userId, Func<IReadOnlyList<long>, Task> onNew)
    {
        var subscription = new Subscription(this, userId, onNew);
        _subscribers.AddOrUpdate(userId, _ => new ImmutableSubscribers([subscription]), (_, list) => list.With(subscription));
        return subscription;
    }

    /// <summary>Hands each user's new notification ids to that user's subscribers; a failing subscriber does not stop the others.</summary>
    public async Task PublishAsync(IEnumerable<(int UserId, long NotificationId)> notifications)
    {
        foreach (var forUser in notifications.GroupBy(n => n.UserId))
        {
            if (!_subscribers.TryGetValue(forUser.Key, out var list))
            {
                continue;
            }

            var ids = forUser.Select(n => n.NotificationId).ToList();
            foreach (var subscription in list.Items)
            {
                try
                {
                    await subscription.OnNew(ids);
                }
                catch (Exception error)
                {
                    log.LogWarning(error, "A page of user {UserId} failed to take new notifications", forUser.Key);
                }
            }
        }
    }

    /// <summary>How many pages of the user listen now (for tests and diagnostics).</summary>
    public int SubscriberCount(int userId) => _subscribers.TryGetValue(userId, out var list) ? list.Items.Length : 0;

    private void Remove(Subscription subscription)
    {
        while (_subscribers.TryGetValue(subscription.UserId, out var list))
        {
            var rest = list.Without(subscription);
            var done = rest.Items.Length == 0
                ? _subscribers.TryRemove(new KeyValuePair<int, ImmutableSubscribers>(subscription.UserId, list))
                : _subscribers.TryUpdate(subscription.UserId, rest, list);
            if (done)
            {
                return;
            }
        }
    }

    private sealed record ImmutableSubscribers(Subscription[] Items)
    {
        public ImmutableSubscribers With(Subscription subscription) => new([.. Items, subscription]);

        public ImmutableSubscribers Without(Subscription subscription) => new(Items.Where(s => s != subscription).ToArray());
    }

    private sealed class Subscription(NotificationFeed feed, int userId, Func<IReadOnlyList<long>, Task> onNew) : IDisposable
    {
        private int _disposed;

        public int UserId => userId;

        public Func<IReadOnlyList<long>, Task> OnNew => onNew;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Remove(this);
            }
        }
    }
}
