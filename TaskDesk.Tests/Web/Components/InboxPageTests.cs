using Bunit;
using TaskDesk.Web.Features.Notifications;

namespace TaskDesk.Tests.Web.Components;

/// <summary>The full list at <c>/me/inbox</c>: server-side pages, the unread filter, marking read, live updates.</summary>
public sealed class InboxPageTests : NotificationComponentTest
{
    [Fact]
    public async Task TheInbox_PagesNewestFirst_AndTheFilterKeepsOnlyUnread()
    {
        var unread = await AddAsync(24);
        var read = await AddAsync(3, read: true);
        var page = Ctx.Render<InboxPage>();

        page.WaitForAssertion(() => Assert.Equal(25, Rows(page).Count));
        Assert.Equal($"inbox-{read[^1]}", Rows(page)[0].GetAttribute("data-testid"));
        Assert.Contains("1-25 of 27", page.Find(".mud-table-pagination").TextContent);
        Assert.Equal("24 unread", page.Find("[data-testid=inbox-unread-count]").TextContent.Trim());

        await page.InvokeAsync(() => page.Find("input[data-testid=inbox-unread-only]").Change(true));

        page.WaitForAssertion(() => Assert.Equal(24, Rows(page).Count));
        Assert.All(Rows(page), r => Assert.Equal("true", r.GetAttribute("data-unread")));
        Assert.Equal($"inbox-{unread[^1]}", Rows(page)[0].GetAttribute("data-testid"));
    }

    [Fact]
    public async Task MarkReadOne_ThenAll_ReadsTheRows()
    {
        var ids = await AddAsync(3);
        var page = Ctx.Render<InboxPage>();
        page.WaitForElement($"[data-testid=inbox-mark-read-{ids[1]}]");

        await ClickAsync(page, $"[data-testid=inbox-mark-read-{ids[1]}]");

        page.WaitForAssertion(() => Assert.Equal("false", page.Find($"[data-testid=inbox-{ids[1]}]").GetAttribute("data-unread")));
        Assert.Equal("2 unread", page.Find("[data-testid=inbox-unread-count]").TextContent.Trim());
        Assert.Equal(2, await UnreadInDatabaseAsync());

        await ClickAsync(page, "[data-testid=inbox-mark-all-read]");

        page.WaitForAssertion(() => Assert.All(Rows(page), r => Assert.Equal("false", r.GetAttribute("data-unread"))));
        Assert.Equal("0 unread", page.Find("[data-testid=inbox-unread-count]").TextContent.Trim());
        Assert.Equal(0, await UnreadInDatabaseAsync());
    }

    [Fact]
    public async Task ANotificationPublishedOnTheFeed_AppearsWithoutAReload()
    {
        var page = Ctx.Render<InboxPage>();
        page.WaitForElement("[data-testid=inbox-empty]");
        var fresh = await AddAsync(1);

        await Feed.PublishAsync([(UserId, fresh[0])]);

        page.WaitForAssertion(() => Assert.Equal($"inbox-{fresh[0]}", Assert.Single(Rows(page)).GetAttribute("data-testid")));
        Assert.Equal("1 unread", page.Find("[data-testid=inbox-unread-count]").TextContent.Trim());
    }

    private static IReadOnlyList<AngleSharp.Dom.IElement> Rows(IRenderedComponent<InboxPage> page) => page.FindAll("[data-testid^=inbox-][data-unread]");
}
