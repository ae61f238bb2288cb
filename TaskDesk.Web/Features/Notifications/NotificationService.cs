using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using TaskDesk.Data;
using TaskDesk.Domain.Common;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.Notifications;

public sealed record NotificationView(
    long Id, TaskEventKind Kind, int TaskId, int? TaskItemId, string TicketNumber, string Title, string Message, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public bool IsRead => ReadAt is not null;
}

/// <summary>Which of the actor's notifications, one page of them; null means the default.</summary>
public sealed record NotificationQuery(bool UnreadOnly = false, int? Page = null, int? PageSize = null);

/// <summary>
/// The signed-in user's in-app notifications: the bell, the inbox page and <c>/api/me/notifications</c> all come here,
/// and every call is about the actor's own rows only.
/// </summary>
public sealed class NotificationService(IDbContextFactory<TaskDeskDbContext> contexts, NotificationFeed feed, TimeProvider clock)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    private static readonly Expression<Func<Notification, NotificationView>> AsView = n =>
        new NotificationView(n.Id, n.Kind, n.TaskId, n.TaskItemId, n.TicketNumber, n.Title, n.Message, n.CreatedAt, n.ReadAt);

    /// <summary>The actor's notifications, newest first, one page; <see cref="PagedResult{T}.Count"/> counts every page.</summary>
    public async Task<PagedResult<NotificationView>> ListAsync(Actor actor, NotificationQuery query, CancellationToken ct = default)
    {
        var issues = new List<ValidationIssue>();
        var (page, pageSize) = Paging.Check(query.Page, query.PageSize, DefaultPageSize, MaxPageSize, issues);
        if (issues.Count > 0)
        {
            throw new DomainValidationException(issues);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var mine = Mine(db, actor, query.UnreadOnly);
        var count = await mine.CountAsync(ct);

        // Ids grow with time, so newest first is id descending: the primary key orders, no date sort needed.
        var rows = await mine
            .OrderByDescending(n => n.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(AsView)
            .ToListAsync(ct);
        return new PagedResult<NotificationView>(rows, count, page, pageSize);
    }

    public async Task<int> UnreadCountAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await Mine(db, actor, unreadOnly: true).CountAsync(ct);
    }

    /// <summary>Marks one of the actor's notifications read; reading one twice keeps the first time. Someone else's is not found.</summary>
    public async Task<NotificationView> MarkReadAsync(Actor actor, long notificationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();

        // Conditional, so two tabs marking the same one at once keep the first time (the entity's own rule, in SQL).
        var marked = await Mine(db, actor, unreadOnly: true).Where(n => n.Id == notificationId)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);

        // The same answer for someone else's notification as for none: ids say nothing about other people's inboxes.
        var notification = await Mine(db, actor, unreadOnly: false).Where(n => n.Id == notificationId).Select(AsView).SingleOrDefaultAsync(ct)
            ?? throw new DomainNotFoundException($"You have no notification {notificationId}.");
        if (marked > 0)
        {
            TellOtherPages(actor);
        }

        return notification;
    }

    /// <summary>
    /// Marks every unread notification of the actor read, in one statement; returns how many it marked. With
    /// <paramref name="upTo"/> (the newest the screen had shown), only those up to it: one that came in just before the
    /// click and was not shown yet stays unread.
    /// </summary>
    public async Task<int> MarkAllReadAsync(Actor actor, long? upTo = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var unread = Mine(db, actor, unreadOnly: true);
        if (upTo is { } newestSeen)
        {
            unread = unread.Where(n => n.Id <= newestSeen);
        }

        var marked = await unread.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        if (marked > 0)
        {
            TellOtherPages(actor);
        }

        return marked;
    }

    /// <summary>
    /// The user's other tabs in this process refresh their count; the caller does not wait for them (deliveries log
    /// their own failures). Tabs in other processes catch up on their next new notification or page load.
    /// </summary>
    private void TellOtherPages(Actor actor) => _ = feed.PublishReadAsync(actor.UserId);

    private static IQueryable<Notification> Mine(TaskDeskDbContext db, Actor actor, bool unreadOnly)
    {
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == actor.UserId);
        return unreadOnly ? mine.Where(n => n.ReadAt == null) : mine;
    }
}
