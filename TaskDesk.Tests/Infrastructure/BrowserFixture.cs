using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TaskDesk.Web.Features.Setup;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>
/// The real app with its demo data on a real loopback socket, and Debian's Chromium driven by Playwright.
/// One per test class; each test opens its own browser context (its own cookies).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Browser test classes run one after another: two Chromiums and their apps at once starve a 2-core machine.</summary>
    public const string Collection = "Browser";

    private IPlaywright? _playwright;

    public TaskDeskApp App { get; } = new(seedDemoData: true);

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Browser tests need Chromium at {ChromiumPath}: run scripts/test.sh, which installs it.");
        }

        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's headless Chromium, as every browser test drives it.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        App.Dispose();
    }

    /// <summary>A new page in a fresh context, with the circuit live, signed in as the given demo account.</summary>
    public async Task<IPage> SignedInPageAsync(string email)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(BaseUrl + "/sign-in");
        await SignInAsync(page, email, DemoData.Password);
        await page.WaitForURLAsync(BaseUrl + "/");
        await WaitUntilInteractiveAsync(page);
        return page;
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await WaitUntilInteractiveAsync(page);
        await page.Locator("input[data-testid=email]").FillAsync(email);
        await page.Locator("input[data-testid=password]").FillAsync(password);
        await page.Locator("[data-testid=sign-in]").ClickAsync();
    }

    /// <summary>Pages prerender; clicks only count once the Blazor circuit is live.</summary>
    public static Task WaitUntilInteractiveAsync(IPage page) =>
        page.Locator("[data-testid=interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
}
