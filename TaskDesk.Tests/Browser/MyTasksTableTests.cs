using Microsoft.Playwright;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Browser;

/// <summary>My Tasks' table in real Chromium, found as a screen reader finds it: a table, its sort buttons and aria-sort.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserFixture.Collection)]
public sealed class MyTasksTableTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AnAgent_SortsTheirTasksByTicket_BothWays_WithTheKeyboard()
    {
        // Four tickets between the agents in rotation: one of them has at least two.
        var stamp = $"Sort {Guid.NewGuid():N}"[..13];
        for (var i = 0; i < 4; i++)
        {
            await DemoTickets.TakeInAsync(browser, $"{stamp} headset {i}");
        }

        IPage? page = null;
        foreach (var email in await MyTasksList.ActiveMembersAsync(browser.App, "Agent"))
        {
            page = await MyTasksList.OpenAsync(browser, email);
            await page.Locator("input[data-testid=filter-search]").FillAsync(stamp);
            await page.Locator("input[data-testid=filter-search]").PressAsync("Enter");
            await Assertions.Expect(page.Locator("[data-testid=my-tasks-grid] [data-testid^=row-]").First).ToBeVisibleAsync();
            if (await Numbers(page) is { Count: >= 2 })
            {
                break;
            }
        }

        var mine = await Numbers(page!);
        var table = page!.Locator("[data-testid=my-tasks-grid]").GetByRole(AriaRole.Table);
        var ticket = table.GetByRole(AriaRole.Columnheader, new() { Name = "Ticket" });
        await Assertions.Expect(ticket).Not.ToHaveAttributeAsync("aria-sort", new System.Text.RegularExpressions.Regex("."));

        await ticket.GetByRole(AriaRole.Button, new() { Name = "Ticket" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(ticket).ToHaveAttributeAsync("aria-sort", "ascending");
        var ascending = mine.Order(StringComparer.Ordinal).ToList();
        await InOrderAsync(page, ascending);
        await page.ScreenshotAsync(new() { Path = "/tmp/shots/mytasks-table.png", FullPage = true });

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(ticket).ToHaveAttributeAsync("aria-sort", "descending");
        await InOrderAsync(page, [.. ascending.AsEnumerable().Reverse()]);
    }

    private static async Task InOrderAsync(IPage page, IReadOnlyList<string> testIds)
    {
        var rows = page.Locator("[data-testid=my-tasks-grid] [data-testid^=row-]");
        await Assertions.Expect(rows).ToHaveCountAsync(testIds.Count);
        for (var i = 0; i < testIds.Count; i++)
        {
            await Assertions.Expect(rows.Nth(i)).ToHaveAttributeAsync("data-testid", testIds[i]);
        }
    }

    private static async Task<List<string>> Numbers(IPage page) =>
        [.. (await page.Locator("[data-testid=my-tasks-grid] [data-testid^=row-]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.testid)"))];
}
