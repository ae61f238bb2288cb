using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Setup;

namespace TaskDesk.Tests.Browser;

/// <summary>Steps the designer's browser tests share: open a draft's designer, find and drag its cells, read the saved graph.</summary>
internal static class DesignerPage
{
    /// <summary>Creates a new draft workflow through its details form and opens its (empty) designer.</summary>
    public static async Task<(IPage Page, int Id, ILocator Canvas)> NewDraftAsync(BrowserFixture browser, string name)
    {
        var category = $"Designer {Guid.NewGuid():N}"[..20];
        var page = await browser.SignedInPageAsync("admin@taskdesk.local");
        await page.GotoAsync("/workflows/new");
        await BrowserFixture.WaitUntilInteractiveAsync(page);
        await page.Locator("input[data-testid=name]").FillAsync(name);
        await page.Locator("input[data-testid=department]").FillAsync("IT");
        await page.Locator("input[data-testid=category]").FillAsync(category);
        await page.Locator("[data-testid=save-details]").ClickAsync();
        // The new draft's address is enough here: the canvas below waits for the page to be interactive and drawn. Waiting
        // for the load event too ran past 15 s once on a loaded machine (a clean-clone CI run beside other test runs).
        try
        {
            await page.WaitForURLAsync(url => Regex.IsMatch(url, @"/workflows/\d+$"), new() { WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"Creating the draft never opened its page. {await PageStateAsync(page)}{Environment.NewLine}App log:{Environment.NewLine}{browser.App.Log.Text}", timeout);
        }

        var id = int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        return (page, id, await CanvasAsync(page));
    }

    /// <summary>What a failing test needs to know about the page: where it is, what it shows, and whether its circuit is alive.</summary>
    private static async Task<string> PageStateAsync(IPage page) =>
        await page.EvaluateAsync<string>("""
            () => JSON.stringify({
                url: location.href,
                saveDisabled: document.querySelector('[data-testid=save-details]')?.disabled,
                fields: [...document.querySelectorAll('input')].map(i => `${i.closest('[data-testid]')?.dataset.testid ?? i.name}=${i.value}`),
                errorUi: getComputedStyle(document.getElementById('blazor-error-ui') ?? document.body).display,
                reconnect: document.getElementById('components-reconnect-modal')?.className ?? null,
                interactive: !!document.querySelector('[data-testid=interactive]'),
                text: document.body.innerText.slice(0, 1500),
            })
            """);

    public static async Task<ILocator> CanvasAsync(IPage page)
    {
        await BrowserFixture.WaitUntilInteractiveAsync(page);
        var canvas = page.Locator("[data-testid=designer-canvas][data-ready=true]");
        await canvas.WaitForAsync();
        return canvas;
    }

    public static ILocator Node(ILocator canvas, int number) => canvas.Locator($"g[data-cell-id='step:new-step-{number}']");

    public static ILocator Port(ILocator canvas, int number, string port) => Node(canvas, number).Locator($"[port='{port}']").First;

    public static async Task DragAsync(IPage page, ILocator from, ILocator to)
    {
        var target = await to.BoundingBoxAsync() ?? throw new InvalidOperationException("The drop target is not on the page.");
        var source = await from.BoundingBoxAsync() ?? throw new InvalidOperationException("The drag source is not on the page.");
        await DragAsync(page, from, target.X + (target.Width / 2) - source.X - (source.Width / 2), target.Y + (target.Height / 2) - source.Y - (source.Height / 2));
    }

    public static async Task DragAsync(IPage page, ILocator from, double dx, double dy)
    {
        var box = await from.BoundingBoxAsync() ?? throw new InvalidOperationException("The drag source is not on the page.");
        var (x, y) = (box.X + (box.Width / 2), box.Y + (box.Height / 2));
        await page.Mouse.MoveAsync((float)x, (float)y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)(x + dx), (float)(y + dy), new() { Steps = 12 });
        await page.Mouse.UpAsync();
    }

    public static async Task NameSelectedTransitionAsync(IPage page, string ends, string name)
    {
        // The transition just drawn is selected: wait until the panel shows it rather than the one before.
        await Assertions.Expect(page.Locator("[data-testid=selection-panel] [data-testid=transition-ends]")).ToHaveTextAsync(ends);
        var input = page.Locator("[data-testid=selection-panel] input[data-testid=transition-name]");
        await input.FillAsync(name);
        await input.PressAsync("Tab");
    }

    public static async Task<JsonNode> GraphAsync(BrowserFixture browser, int id)
    {
        using var client = await browser.App.ClientForAsync("admin@taskdesk.local", DemoData.Password);
        using var response = await client.GetAsync($"/api/workflows/{id}/graph");
        response.EnsureSuccessStatusCode();
        return await Json.ReadAsync(response);
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
