using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TaskDesk.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace TaskDesk.Tests.Web.Components;

/// <summary>The app bar's bell: its count, its menu, its actions and its live updates.</summary>
public sealed class NotificationBellTests : NotificationComponentTest
{
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
        Assert.Equal(0, await UnreadInDatabaseAsync());
    }

    [Fact]
    public async Task MarkAllRead_LeavesUnreadANotificationThatCameInAfterTheMenuWasRead()
    {
        await AddAsync(4);
        var bell = Ctx.Render<NotificationBell>();
        await OpenAsync(bell);
        Popovers.WaitForAssertion(() => Assert.Equal(4, Popovers.FindAll("[data-testid^=notification-][data-unread=true]").Count));
        var unseen = await AddAsync(1);

        await ClickAsync(Popovers, "[data-testid=mark-all-read]");

        bell.WaitForAssertion(() => Assert.Equal("1", Badge(bell)));
        Assert.Equal(1, await UnreadInDatabaseAsync());
        await using var db = App.CreateDbContext();
        Assert.Null(await db.Notifications.Where(n => n.Id == unseen[0]).Select(n => n.ReadAt).SingleAsync());
    }

    [Fact]
    public async Task TheDatabaseAway_TheBellSaysSo_AndThePageLivesOn()
    {
        await AddAsync(2);
        DatabaseAway = true;

        var bell = Ctx.Render<NotificationBell>();
        await OpenAsync(bell);

        Popovers.WaitForAssertion(() => Assert.Contains("could not be loaded just now", Popovers.Find("[data-testid=bell-error]").TextContent, StringComparison.Ordinal));
        await ClickAsync(Popovers, "[data-testid=mark-all-read]");
        await Feed.PublishAsync([(UserId, 1L)]);
        Assert.Empty(bell.FindAll("[data-testid=bell-count] .mud-badge"));
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
        await using var db = App.CreateDbContext();
        Assert.NotNull(await db.Notifications.Where(n => n.Id == ids[0]).Select(n => n.ReadAt).SingleAsync());
    }

    [Fact]
    public async Task FromTheKeyboard_EnterOpensANotification_AndEscapeOnTheBellClosesTheMenu()
    {
        var ids = await AddAsync(2);
        var bell = Ctx.Render<NotificationBell>();
        await OpenAsync(bell);
        Popovers.WaitForElement($"[data-testid=notification-{ids[0]}]");

        await bell.Find("button[data-testid=notification-bell]").KeyDownAsync(new KeyboardEventArgs { Key = "Escape" });
        Popovers.WaitForAssertion(() => Assert.Empty(Popovers.FindAll("[data-testid=notification-list]")));

        await OpenAsync(bell);
        await Popovers.Find($"[data-testid=notification-{ids[1]}]").KeyDownAsync(new KeyboardEventArgs { Key = "Tab" });
        Assert.DoesNotContain("/tasks/", Ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        await Popovers.Find($"[data-testid=notification-{ids[1]}]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        bell.WaitForAssertion(() => Assert.EndsWith($"/tasks/{TaskIdOf(ids[1])}", Ctx.Services.GetRequiredService<NavigationManager>().Uri));
    }

    [Fact]
    public async Task ANotificationPublishedOnTheFeed_RaisesTheCountLive_AndToastsOncePerCircuit()
    {
        await AddAsync(1);
        var bell = Ctx.Render<NotificationBell>();
        bell.WaitForAssertion(() => Assert.Equal("1", Badge(bell)));
        var fresh = await AddAsync(1);

        await Feed.PublishAsync([(UserId, fresh[0])]);
        bell.WaitForAssertion(() => Assert.Equal("2", Badge(bell)));
        await Feed.PublishAsync([(UserId, fresh[0])]);

        var toasts = Ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars.ToList();
        Assert.Single(toasts);
        Assert.Contains("Task Transferred To You", toasts[0].Message);
        await OpenAsync(bell);
        Popovers.WaitForAssertion(() => Assert.Equal($"notification-{fresh[0]}", Popovers.FindAll("[data-testid^=notification-][data-unread]")[0].GetAttribute("data-testid")));
    }

    [Fact]
    public async Task OpeningTheMenu_TakesItsToastsAway_WhichWouldCoverIt_ButLeavesOtherToasts()
    {
        var bell = Ctx.Render<NotificationBell>();
        var fresh = await AddAsync(2);
        await Feed.PublishAsync([(UserId, fresh[0]), (UserId, fresh[1])]);
        bell.WaitForAssertion(() => Assert.Equal("2", Badge(bell)));
        var snackbar = Ctx.Services.GetRequiredService<ISnackbar>();
        snackbar.Add("Transition done", Severity.Success);
        Assert.Equal(3, snackbar.ShownSnackbars.Count());

        await OpenAsync(bell);

        Popovers.WaitForAssertion(() => Assert.Equal(2, Popovers.FindAll("[data-testid^=notification-][data-unread=true]").Count));
        Assert.Equal(["Transition done"], snackbar.ShownSnackbars.Select(t => t.Message));
    }

    [Fact]
    public async Task TheMenu_ClosesOnAClickElsewhere_OnEscape_AndOnSeeAll_AndIsNotDrawnWhileClosed()
    {
        await AddAsync(2);
        var bell = Ctx.Render<NotificationBell>();
        Assert.Empty(Popovers.FindAll("[data-testid=notification-list]"));
        Assert.Equal("false", bell.Find("button[data-testid=notification-bell]").GetAttribute("aria-expanded"));

        await OpenAsync(bell);
        Popovers.WaitForElement("[data-testid=notification-list]");
        Assert.Equal("true", bell.Find("button[data-testid=notification-bell]").GetAttribute("aria-expanded"));
        await bell.Find(".td-click-away").ClickAsync(new());
        Popovers.WaitForAssertion(() => Assert.Empty(Popovers.FindAll("[data-testid=notification-list]")));
        Assert.Empty(bell.FindAll(".td-click-away"));

        await OpenAsync(bell);
        await Popovers.Find("[data-testid=notification-list]").KeyDownAsync(new KeyboardEventArgs { Key = "Escape" });
        Popovers.WaitForAssertion(() => Assert.Empty(Popovers.FindAll("[data-testid=notification-list]")));

        await OpenAsync(bell);
        await Popovers.Find("[data-testid=see-all-notifications]").ClickAsync(new());
        Popovers.WaitForAssertion(() => Assert.Empty(Popovers.FindAll("[data-testid=notification-list]")));
    }

    [Fact]
    public void TheBell_ListensWhileItLives_AndOnlyInALiveCircuit()
    {
        var bell = Ctx.Render<NotificationBell>();
        Assert.Equal(1, Feed.SubscriberCount(UserId));

        bell.Instance.Dispose();
        Assert.Equal(0, Feed.SubscriberCount(UserId));

        Ctx.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        Ctx.Render<NotificationBell>();
        Assert.Equal(0, Feed.SubscriberCount(UserId));
    }

    private static string Badge(IRenderedComponent<NotificationBell> bell) => bell.Find("[data-testid=bell-count] .mud-badge").TextContent.Trim();

    private static Task OpenAsync(IRenderedComponent<NotificationBell> bell) => ClickAsync(bell, "button[data-testid=notification-bell]");
}
