using System.Collections.Concurrent;
using System.Collections.ObjectModel;

namespace TaskDesk.Web.Features.Notifications;

/// <summary>
/// Tells the open pages of a user, in this process, that new notifications were written for them.
/// Pages (their circuits) subscribe; <see cref="NotificationRelay"/> publishes what it reads from the database,
/// so a notification written by any process or job reaches every circuit of its user, wherever it lives.
/// </summary>
public sealed class NotificationFeed(ILogger<NotificationFeed> log)
{
    /// <summary>
    /// How long a publisher waits for pages to take a batch. A page that takes longer (a stuck circuit) goes on in the
    /// background; the relay moves on, so one page never holds back every other user's notifications.
    /// </summary>
    public static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(5);

    // Arrays are replaced, never changed, so a publisher reads a stable list without a lock.
    private readonly ConcurrentDictionary<int, Subscription[]> _subscribers = new();

    /// <summary>
    /// Calls <paramref name="onNew"/> with the ids of new notifications for <paramref name="userId"/> until disposed.
    /// The callback runs on the relay's thread: a component must marshal with InvokeAsync.
    /// </summary>
    public IDisposable Subscribe(int userId, Func<IReadOnlyList<long>, Task> onNew) => Subscribe(userId, onNew, onRead: null);

    /// <summary>
    /// As <see cref="Subscribe(int, Func{IReadOnlyList{long}, Task})"/>, and also calls <paramref name="onRead"/> when the
    /// user marks notifications read in this process (another tab's bell then shows the same count).
    /// </summary>
    public IDisposable Subscribe(int userId, Func<IReadOnlyList<long>, Task> onNew, Func<Task>? onRead)
    {
        var subscription = new Subscription(this, userId, onNew, onRead);
        _subscribers.AddOrUpdate(userId, _ => [subscription], (_, list) => [.. list, subscription]);
        return subscription;
    }

    /// <summary>
    /// Hands each user's new notification ids to that user's subscribers, all at once; a failing or slow subscriber
    /// does not stop or hold back the others (see <see cref="DeliveryWait"/>).
    /// </summary>
    public Task PublishAsync(IEnumerable<(int UserId, long NotificationId)> notifications)
    {
        var deliveries = new List<Task>();
        foreach (var forUser in notifications.GroupBy(n => n.UserId))
        {
            if (_subscribers.TryGetValue(forUser.Key, out var list))
            {
                // Read-only, so one subscriber cannot change what the next one is handed.
                var ids = new ReadOnlyCollection<long>(forUser.Select(n => n.NotificationId).Distinct().Order().ToArray());
                deliveries.AddRange(list.Select(s => DeliverAsync(s, () => s.OnNew(ids))));
            }
        }

        return WaitForAsync(deliveries);
    }

    /// <summary>Tells the user's pages in this process that some of their notifications were marked read.</summary>
    public Task PublishReadAsync(int userId) =>
        _subscribers.TryGetValue(userId, out var list)
            ? WaitForAsync(list.Where(s => s.OnRead is not null).Select(s => DeliverAsync(s, s.OnRead)).ToList())
            : Task.CompletedTask;

    /// <summary>How many pages of the user listen now (for tests and diagnostics).</summary>
    public int SubscriberCount(int userId) => _subscribers.TryGetValue(userId, out var list) ? list.Length : 0;

    private async Task WaitForAsync(List<Task> deliveries)
    {
        if (deliveries.Count == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(deliveries).WaitAsync(DeliveryWait);
        }
        catch (TimeoutException)
        {
            log.LogWarning("{Count} page(s) took longer than {Wait} to take notifications; they go on in the background", deliveries.Count(d => !d.IsCompleted), DeliveryWait);
        }
    }

    private async Task DeliverAsync(Subscription subscription, Func<Task>? deliver)
    {
        // A page closed while this batch was on its way is not called back after its Dispose.
        if (deliver is null || subscription.IsDisposed)
        {
            return;
        }

        try
        {
            // Yield first, so a callback that blocks before its first await holds up neither the others nor the relay.
            await Task.Yield();
            await deliver();
        }
        catch (Exception error)
        {
            log.LogWarning(error, "A page of user {UserId} failed to take its notifications", subscription.UserId);
        }
    }

    private void Remove(Subscription subscription)
    {
        while (_subscribers.TryGetValue(subscription.UserId, out var list))
        {
            var rest = list.Where(s => s != subscription).ToArray();
            var done = rest.Length == 0
                ? _subscribers.TryRemove(new KeyValuePair<int, Subscription[]>(subscription.UserId, list))
                : _subscribers.TryUpdate(subscription.UserId, rest, list);
            if (done)
            {
                return;
            }
        }
    }

    private sealed class Subscription(NotificationFeed feed, int userId, Func<IReadOnlyList<long>, Task> onNew, Func<Task>? onRead) : IDisposable
    {
        private int _disposed;

        public int UserId => userId;

        public Func<IReadOnlyList<long>, Task> OnNew => onNew;

        public Func<Task>? OnRead => onRead;

        public bool IsDisposed => Volatile.Read(ref _disposed) == 1;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Remove(this);
            }
        }
    }
}
