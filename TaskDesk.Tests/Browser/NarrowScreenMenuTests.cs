using Microsoft.Playwright;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Browser;

/// <summary>The navigation drawer on a phone-sized screen, where it covers the page only while someone uses it.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserFixture.Collection)]
public sealed class NarrowScreenMenuTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task OnAPhone_SignOutFits_TheDrawerStartsClosed_TheMenuButtonOpensIt_AndFollowingALinkClosesIt()
    {
        var page = await browser.SignedInPageAsync("ava.agent@taskdesk.local");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/");
        await BrowserFixture.WaitUntilInteractiveAsync(page);
        var drawer = page.Locator(".mud-drawer");
        var myTasks = drawer.Locator("[data-testid=nav-my-tasks]");

        await Assertions.Expect(drawer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmud-drawer--closed\b"));
        await Assertions.Expect(myTasks).Not.ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("[data-testid=sign-out]")).ToBeInViewportAsync(new() { Ratio = 1 });
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the home page is wider than the phone");

        await page.GetByLabel("Menu").ClickAsync();
        await Assertions.Expect(drawer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmud-drawer--open\b"));
        await Assertions.Expect(myTasks).ToBeInViewportAsync();

        await myTasks.ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/tasks/my-tasks", StringComparison.Ordinal));
        await Assertions.Expect(drawer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmud-drawer--closed\b"));
        await Assertions.Expect(myTasks).Not.ToBeInViewportAsync();
    }

    [Fact]
    public async Task OnAPhone_MyTasks_ShowsItsTitleAndFiltersOneBelowTheOther()
    {
        var page = await browser.SignedInPageAsync("ava.agent@taskdesk.local");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/tasks/my-tasks");
        await BrowserFixture.WaitUntilInteractiveAsync(page);
        var title = await page.GetByRole(AriaRole.Heading, new() { Name = "My tasks" }).BoundingBoxAsync();
        var search = await page.GetByLabel("Search").BoundingBoxAsync();
        var status = await page.GetByLabel("Status").BoundingBoxAsync();
        await page.ScreenshotAsync(new() { Path = "/tmp/shots/mytasks-phone.png" });

        Assert.True(title!.Y + title.Height <= search!.Y, $"the title (y {title.Y}, height {title.Height}) runs into the search box (y {search.Y})");
        Assert.True(search.Y + search.Height <= status!.Y || search.X + search.Width <= status.X, $"the search box ({search.X}, {search.Y}) and the status filter ({status.X}, {status.Y}) overlap");
    }
}
