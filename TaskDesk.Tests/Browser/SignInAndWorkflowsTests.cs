using Microsoft.Playwright;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Setup;

namespace TaskDesk.Tests.Browser;

[Trait("Category", "Browser")]
[Collection(BrowserFixture.Collection)]
public sealed class SignInAndWorkflowsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AnonymousVisitor_IsSentToSignIn_AndSigningInReturnsToThePageAsked()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/workflows");
        await page.WaitForURLAsync(url => url.Contains("/sign-in", StringComparison.Ordinal));
        await BrowserFixture.SignInAsync(page, "admin@taskdesk.local", DemoData.Password);

        await page.WaitForURLAsync(browser.BaseUrl + "/workflows");
        await Assertions.Expect(page.Locator("[data-testid=workflows]")).ToContainTextAsync("IT Support Request");
        await Assertions.Expect(page.Locator("[data-testid=signed-in-as]")).ToHaveTextAsync("admin@taskdesk.local");
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_SaysSoAndKeepsTheEmail()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/sign-in");

        await BrowserFixture.SignInAsync(page, "admin@taskdesk.local", "not-the-password");

        await Assertions.Expect(page.Locator("[data-testid=sign-in-error]")).ToContainTextAsync("do not match");
        await Assertions.Expect(page.Locator("input[data-testid=email]")).ToHaveValueAsync("admin@taskdesk.local");
        Assert.Contains("/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_SeesTheirRolesButNotAdministration()
    {
        var page = await browser.SignedInPageAsync("ava.agent@taskdesk.local");

        await Assertions.Expect(page.Locator("[data-testid=my-roles]")).ToContainTextAsync("Agent");
        await Assertions.Expect(page.GetByText("Workflows")).ToHaveCountAsync(0);

        await page.GotoAsync("/workflows");
        await Assertions.Expect(page.Locator("[data-testid=access-denied]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var page = await browser.SignedInPageAsync("arlo.agent@taskdesk.local");

        await page.Locator("[data-testid=sign-out]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/sign-in", StringComparison.Ordinal));
        await page.GotoAsync("/");

        await page.WaitForURLAsync(url => url.Contains("/sign-in", StringComparison.Ordinal));
    }
}
