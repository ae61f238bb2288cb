using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskDesk.Data;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Notifications;

/// <summary>
/// Reads notifications written since its last look (by this process, another TaskDesk process or a job) and
/// hands them to <see cref="NotificationFeed"/>. One indexed query per interval per process, whatever the number
/// of open pages: the database is the channel between processes, so scaling out needs no message broker.
/// </summary>
public sealed class NotificationRelay : BackgroundService
{
    private const int BatchSize = 500;

    /// <summary>How long an id skipped over is looked for again: far longer than a notifying transaction stays open after its insert.</summary>
    private static readonly TimeSpan GapLifetime = TimeSpan.FromSeconds(30);

    private readonly IDbContextFactory<TaskDeskDbContext> _contexts;
    private readonly NotificationFeed _feed;
    private readonly ILogger<NotificationRelay> _log;
    private readonly TimeSpan _interval;
    private readonly long _started = Stopwatch.GetTimestamp();

    // Kept across rounds (not a local of one round), so a round that fails half-way never hands on a batch twice.
    private NotificationWatermark? _watermark;

    public NotificationRelay(IDbContextFactory<TaskDeskDbContext> contexts, NotificationFeed feed, IOptions<TaskDeskOptions> options, ILogger<NotificationRelay> log)
    {
        _contexts = contexts;
        _feed = feed;
        _log = log;
        _interval = options.Value.Notifications.RelayInterval;

        // Task.Delay takes -1 ms as "for ever": a bad setting would silently stop live notifications.
        if (_interval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"TaskDesk:Notifications:RelayInterval must be longer than zero; it is {_interval}.");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RelayNewAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The database may be starting, migrating or briefly away; the next round tries again.
                _log.LogWarning(error, "Could not read new notifications; trying again in {Interval}", _interval);
            }

            try
            {
                await Task.Delay(_interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RelayNewAsync(CancellationToken ct)
    {
        if (_watermark is null)
        {
            // Pages load what exists when they open; the relay only tells them of what comes after it starts.
            await using var db = await _contexts.CreateDbContextAsync(ct);
            var latest = await db.Notifications.MaxAsync(n => (long?)n.Id, ct) ?? 0;
            _watermark = new NotificationWatermark(latest, GapLifetime);
            return;
        }

        var (gapsFrom, gapsTo) = _watermark.Recheck(Stopwatch.GetElapsedTime(_started));
        var lastSeen = _watermark.LastSeen;
        var after = Math.Min(lastSeen, gapsFrom - 1);
        while (true)
        {
            List<(int UserId, long Id)> batch;
            await using (var db = await _contexts.CreateDbContextAsync(ct))
            {
                // Keyset paging on the primary key: each batch starts after the last id of the one before.
                var cursor = after;
                batch = (await db.Notifications.AsNoTracking()
                        .Where(n => n.Id > cursor && (n.Id > lastSeen || (n.Id >= gapsFrom && n.Id <= gapsTo)))
                        .OrderBy(n => n.Id)
                        .Take(BatchSize)
                        .Select(n => new { n.UserId, n.Id })
                        .ToListAsync(ct))
                    .Select(n => (n.UserId, n.Id))
                    .ToList();
            }

            if (batch.Count == 0)
            {
                return;
            }

            after = batch[^1].Id;
            var fresh = _watermark.Take(batch, Stopwatch.GetElapsedTime(_started));
            if (fresh.Count > 0)
            {
                _log.LogDebug("Relayed notifications {NotificationIds} to this process's open pages", string.Join(",", fresh.Select(n => n.Id)));
                await _feed.PublishAsync(fresh);
            }

            if (batch.Count < BatchSize)
            {
                return;
            }
        }
    }
}
