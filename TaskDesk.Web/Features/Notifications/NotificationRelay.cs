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
public sealed class NotificationRelay(
    IDbContextFactory<TaskDeskDbContext> contexts,
    NotificationFeed feed,
    IOptions<TaskDeskOptions> options,
    ILogger<NotificationRelay> log) : BackgroundService
{
    private const int BatchSize = 500;

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
            List<(int UserId, long Id)> batch;
            await using (var db = await contexts.CreateDbContextAsync(ct))
            {
                batch = (await db.Notifications.AsNoTracking()
                        .Where(n => n.Id > lastSeen)
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

            lastSeen = batch[^1].Id;
            await feed.PublishAsync(batch);
            if (batch.Count < BatchSize)
            {
                return lastSeen;
            }
        }
    }
}
