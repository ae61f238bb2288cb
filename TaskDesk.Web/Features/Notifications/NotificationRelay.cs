using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskDesk.Data;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Notifications;

/// <summary>
/// Reads notifications written since its last look (by this process, another TaskDesk process or a job) and
/// hands them to <see cref="NotificationFeed"/>. One indexed query per interval per process, whatever the number
/// of open pages: the database is the channel between processes, so scaling out needs no message broker.
/// Ids skipped over are looked for again for a while, as a server database may commit a lower id after a higher one.
/// </summary>
public sealed class NotificationRelay(
    IDbContextFactory<TaskDeskDbContext> contexts,
    NotificationFeed feed,
    IOptions<TaskDeskOptions> options,
    ILogger<NotificationRelay> log) : BackgroundService
{
    private const int BatchSize = 500;
    private readonly SkippedIds _gaps = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Notifications.RelayInterval;
        long? lastSeen = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                lastSeen = lastSeen is { } seen ? await RelayAfterAsync(seen, stoppingToken) : await LatestIdAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The database may be starting, migrating or briefly away; the next round tries again.
                log.LogWarning(error, "Could not read new notifications; trying again in {Interval}", interval);
            }

            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<long> LatestIdAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Notifications.MaxAsync(n => (long?)n.Id, ct) ?? 0;
    }

    private async Task<long> RelayAfterAsync(long lastSeen, CancellationToken ct)
    {
        while (true)
        {
            _gaps.Forget(Environment.TickCount64);
            var late = _gaps.Ids;
            List<(int UserId, long Id)> batch;
            await using (var db = await contexts.CreateDbContextAsync(ct))
            {
                batch = (await db.Notifications.AsNoTracking()
                        .Where(n => n.Id > lastSeen || late.Contains(n.Id))
                        .OrderBy(n => n.Id)
                        .Take(BatchSize)
                        .Select(n => new { n.UserId, n.Id })
                        .ToListAsync(ct))
                    .Select(n => (n.UserId, n.Id))
                    .ToList();
            }

            if (batch.Count == 0)
            {
                return lastSeen;
            }

            foreach (var (_, id) in batch)
            {
                if (!_gaps.Fill(id))
                {
                    _gaps.Open(lastSeen + 1, id, Environment.TickCount64);
                    lastSeen = id;
                }
            }

            log.LogDebug("Relayed notifications {NotificationIds} to this process's open pages", string.Join(",", batch.Select(n => n.Id)));
            await feed.PublishAsync(batch);
            if (batch.Count < BatchSize)
            {
                return lastSeen;
            }
        }
    }

    /// <summary>
    /// Ids skipped over: on a server database ids are handed out when rows are inserted, not when they commit, so a
    /// notification with a lower id may become visible after a higher one. Each skipped id is looked for again for a
    /// while (a rolled-back insert leaves a gap that never fills).
    /// </summary>
    private sealed class SkippedIds
    {
        private const int MaxOpen = 1000;
        private static readonly long KeepMilliseconds = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;
        private readonly Dictionary<long, long> _openSince = [];

        public List<long> Ids => [.. _openSince.Keys];

        public void Open(long from, long before, long now)
        {
            for (var id = Math.Max(from, before - MaxOpen); id < before; id++)
            {
                _openSince.TryAdd(id, now);
            }

            foreach (var stale in _openSince.Keys.Order().Take(Math.Max(0, _openSince.Count - MaxOpen)).ToList())
            {
                _openSince.Remove(stale);
            }
        }

        /// <summary>True when the id was a gap (and now is not).</summary>
        public bool Fill(long id) => _openSince.Remove(id);

        public void Forget(long now)
        {
            foreach (var (id, since) in _openSince.Where(g => now - g.Value > KeepMilliseconds).ToList())
            {
                _openSince.Remove(id);
            }
        }
    }
}
