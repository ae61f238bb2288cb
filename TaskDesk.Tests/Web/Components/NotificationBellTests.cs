using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using TaskDesk.Data;
using TaskDesk.Domain.Notifications;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Notifications;

namespace TaskDesk.Tests.Web.Components;

/// <summary>
/// The bell over a real database. Its feed is a fresh <see cref="NotificationFeed"/> of the test's own (not the app's,
/// which the app's relay also feeds), so a live update here can only come from the test's publish.
/// </summary>
public sealed class NotificationBellTests : MudComponentTest
{
    private readonly TaskDeskApp _app = new();
    private readonly NotificationFeed _feed = new(NullLogger<NotificationFeed>.Instance);
    private readonly Dictionary<long, int> _taskIds = [];
    private int _userId;

    public override async Task InitializeAsync()
    {
        _userId = await _app.CreateUserAsync("bella@tests.local");
        Ctx.Services.AddSingleton(_feed);
        Ctx.Services.AddSingleton(new NotificationService(_app.Service<IDbContextFactory<TaskDeskDbContext>>(), _feed, TimeProvider.System));
        Ctx.Services.AddSingleton(TimeProvider.System);
        var auth = Ctx.AddAuthorization();
        auth.SetAuthorized("bella@tests.local");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _userId.ToString(CultureInfo.InvariantCulture)));
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task NothingUnread_HidesTheBadge_AndTheMenuSaysThereIsNothing()
    {
        await AddAsync(3, read: true);
        var bell = Ctx.Render<NotificationBell>();

        await OpenAsync(bell);

        // Listed means loaded: only now does a missing badge say something.
        Popovers.WaitForAssertion(() => Assert.Equal(3, Popovers.FindAll("[data-testid^=notification-][data-unread=false]").Count));
        Assert.Empty(bell.FindAll("[data-testid=bell-count] .mud-badge"));
        Assert.True(Popovers.Find("[data-testid=mark-all-read]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Unread_ShowsTheirCount_AndTheNewestTen_UnreadMarked()
    {
        var read = await AddAsync(2, read: true);
        var unread = await AddAsync(12);
        var bell = Ctx.Render<NotificationBell>();

        bell.WaitForAssertion(() => Assert.Equal("12", Badge(bell)));
        await OpenAsync(bell);

        Popovers.WaitForAssertion(() => Assert.Equal(NotificationBell.Latest, Popovers.FindAll("[data-testid^=notification-][data-unread]").Count));
        var listed = Popovers.FindAll("[data-testid^=notification-][data-unread]");
        Assert.Equal(unread.AsEnumerable().Reverse().Take(NotificationBell.Latest).Select(id => $"notification-{id}"), listed.Select(e => e.GetAttribute("data-testid")));
        Assert.All(listed, e => Assert.Equal("true", e.GetAttribute("data-unread")));
        Assert.Empty(Popovers.FindAll($"[data-testid=notification-{read[0]}]"));
        Assert.Contains("Task Transferred To You", listed[0].TextContent);
        Assert.Contains("just now", listed[0].TextContent);
    }

    [Fact]
    public async Task MarkAllRead_EmptiesTheCount_AndReadsTheRows()
    {
        await AddAsync(4);
        var bell = Ctx.Render<NotificationBell>();
        bell.WaitForAssertion(() => Assert.Equal("4", Badge(bell)));
        await OpenAsync(bell);

        await ClickAsync(Popovers, "[data-testid=mark-all-read]");

        bell.WaitForAssertion(() => Assert.Empty(bell.FindAll("[data-testid=bell-count] .mud-badge")));
        await using var db = _app.CreateDbContext();
        Assert.Equal(0, await db.Notifications.CountAsync(n => n.UserId == _userId && n.ReadAt == null));
    }

    [Fact]
    public async Task ClickingANotification_ReadsIt_AndOpensItsTask()
    {
        var ids = await AddAsync(2);
        var bell = Ctx.Render<NotificationBell>();
        await OpenAsync(bell);
        Popovers.WaitForElement($"[data-testid=notification-{ids[0]}]");

        await ClickAsync(Popovers, $"[data-testid=notification-{ids[0]}]");

        bell.WaitForAssertion(() => Assert.EndsWith($"/tasks/{TaskIdOf(ids[0])}", Ctx.Services.GetRequiredService<NavigationManager>().Uri));
        bell.WaitForAssertion(() => Assert.Equal("1", Badge(bell)));
        await using var db = _app.CreateDbContext();
        Assert.NotNull(await db.Notifications.Where(n => n.Id == ids[0]).Select(n => n.ReadAt).SingleAsync());
    }

    [Fact]
    public async Task ANotificationPublishedOnTheFeed_RaisesTheCountLive_AndToastsOncePerCircuit()
    {
        await AddAsync(1);
        var bell = Ctx.Render<NotificationBell>();
        bell.WaitForAssertion(() => Assert.Equal("1", Badge(bell)));
        var fresh = await AddAsync(1);

        await _feed.PublishAsync([(_userId, fresh[0])]);
        bell.WaitForAssertion(() => Assert.Equal("2", Badge(bell)));
        await _feed.PublishAsync([(_userId, fresh[0])]);

        var toasts = Ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars.ToList();
        Assert.Single(toasts);
        Assert.Contains("Task Transferred To You", toasts[0].Message);
        await OpenAsync(bell);
        Popovers.WaitForAssertion(() => Assert.Equal($"notification-{fresh[0]}", Popovers.FindAll("[data-testid^=notification-][data-unread]")[0].GetAttribute("data-testid")));
    }

    [Fact]
    public void TheBell_ListensWhileItLives_AndOnlyInALiveCircuit()
    {
        var bell = Ctx.Render<NotificationBell>();
        Assert.Equal(1, _feed.SubscriberCount(_userId));

        bell.Instance.Dispose();
        Assert.Equal(0, _feed.SubscriberCount(_userId));

        Ctx.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        Ctx.Render<NotificationBell>();
        Assert.Equal(0, _feed.SubscriberCount(_userId));
    }

    private int TaskIdOf(long notificationId) => _taskIds[notificationId];

    private static string Badge(IRenderedComponent<NotificationBell> bell) => bell.Find("[data-testid=bell-count] .mud-badge").TextContent.Trim();

    private static Task OpenAsync(IRenderedComponent<NotificationBell> bell) => ClickAsync(bell, "button[data-testid=notification-bell]");

    /// <summary>Finds and clicks in one go on the renderer's thread, so a re-render (a load coming back) cannot slip in between.</summary>
    private static Task ClickAsync<T>(IRenderedComponent<T> where, string selector)
        where T : IComponent => where.InvokeAsync(() => where.Find(selector).ClickAsync(new MouseEventArgs()));

    /// <summary>Adds notifications for the user, oldest first, each about a task of its own; returns their ids.</summary>
    private async Task<List<long>> AddAsync(int count, bool read = false)
    {
        await using var db = _app.CreateDbContext();
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var taskId = 1000 + _taskIds.Count;
            var row = new Notification(_userId, TaskEventKind.Transfer, taskId, null, $"TD-BELL-{taskId}", "Task Transferred To You", $"TD-BELL-{taskId} · Printer: step Triage was transferred to you.", DateTimeOffset.UtcNow);
            if (read)
            {
                row.MarkRead(DateTimeOffset.UtcNow);
            }

            db.Notifications.Add(row);
            await db.SaveChangesAsync();
            _taskIds[row.Id] = taskId;
            ids.Add(row.Id);
        }

        return ids;
    }
}
