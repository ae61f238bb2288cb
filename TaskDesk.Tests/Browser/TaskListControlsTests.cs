using Microsoft.Playwright;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Browser;

/// <summary>
/// The task lists' pager and filters in real Chromium: native selects and plain buttons, found by their labels as a
/// screen reader finds them, driving the server-side grid.
/// </summary>
[Trait("Category", "Browser")]
[Collection(BrowserFixture.Collection)]
public sealed class TaskListControlsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Administrator_PagesAllTasksTenAtATime_AndFiltersThemByPriority()
    {
        // Eleven tasks found by one search: ten high, one low.
        var stamp = $"Pager {Guid.NewGuid():N}"[..14];
        for (var i = 0; i < 10; i++)
        {
            await DemoTickets.TakeInAsync(browser, $"{stamp} laptop {i}");
        }

        var low = await DemoTickets.TakeInAsync(browser, $"{stamp} mouse pad", priority: "low");
        var page = await browser.SignedInPageAsync("admin@taskdesk.local");
        await page.GotoAsync("/tasks/all-tasks");
        await BrowserFixture.WaitUntilInteractiveAsync(page);
        await page.Locator("input[data-testid=filter-search]").FillAsync(stamp);
        var grid = page.Locator("[data-testid=all-tasks-grid]");
        var info = grid.Locator("[data-testid=pager-info]");
        await Assertions.Expect(info).ToHaveTextAsync("1-11 of 11");

        await grid.GetByLabel("Rows per page:").SelectOptionAsync("10");

        await Assertions.Expect(info).ToHaveTextAsync("1-10 of 11");
        await Assertions.Expect(grid.Locator("[data-testid^=row-]")).ToHaveCountAsync(10);
        await Assertions.Expect(grid.GetByLabel("First page")).ToBeDisabledAsync();
        await Assertions.Expect(grid.GetByLabel("Previous page")).ToBeDisabledAsync();

        await grid.GetByLabel("Next page").ClickAsync();

        await Assertions.Expect(info).ToHaveTextAsync("11-11 of 11");
        await Assertions.Expect(grid.Locator("[data-testid^=row-]")).ToHaveCountAsync(1);
        await Assertions.Expect(grid.GetByLabel("Next page")).ToBeDisabledAsync();
        await Assertions.Expect(grid.GetByLabel("Last page")).ToBeDisabledAsync();
        await Assertions.Expect(grid.GetByLabel("Rows per page:")).ToHaveValueAsync("10");

        await grid.GetByLabel("First page").ClickAsync();
        await Assertions.Expect(info).ToHaveTextAsync("1-10 of 11");

        await grid.GetByLabel("Priority", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Low" });

        await Assertions.Expect(info).ToHaveTextAsync("1-1 of 1");
        await Assertions.Expect(grid.Locator("[data-testid^=row-]")).ToHaveCountAsync(1);
        await Assertions.Expect(grid.Locator($"[data-testid=row-{low}]")).ToBeVisibleAsync();
        await Assertions.Expect(grid.GetByLabel("Priority", new() { Exact = true })).ToHaveValueAsync("low");

        await grid.GetByLabel("Clear", new() { Exact = true }).ClickAsync();

        await Assertions.Expect(grid.Locator("input[data-testid=filter-search]")).ToHaveValueAsync("");
        await Assertions.Expect(grid.GetByLabel("Clear", new() { Exact = true })).ToHaveCountAsync(0);
    }
}
