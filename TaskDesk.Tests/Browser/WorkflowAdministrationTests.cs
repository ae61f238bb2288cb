using Microsoft.Playwright;
using TaskDesk.Tests.Infrastructure;

namespace TaskDesk.Tests.Browser;

[Trait("Category", "Browser")]
[Collection(BrowserFixture.Collection)]
public sealed class WorkflowAdministrationTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task NewWorkflow_ChecksSlaOrderAsYouType_ThenCreatesADraftWhoseDeployIsRefusedWithItsProblems()
    {
        var page = await browser.SignedInPageAsync("admin@taskdesk.local");
        await page.GotoAsync("/workflows/new");
        await BrowserFixture.WaitUntilInteractiveAsync(page);

        await page.Locator("input[data-testid=name]").FillAsync("Laptop replacement");
        await page.Locator("input[data-testid=department]").FillAsync("IT");
        await page.Locator("input[data-testid=category]").FillAsync("Hardware");
        await page.Locator("input[data-testid=sla-high]").FillAsync("48:00:00");
        await page.Locator("input[data-testid=sla-medium]").FillAsync("24:00:00");

        await Assertions.Expect(page.GetByText("high_sla (48:00:00) should be < medium_sla (24:00:00)")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=save-details]")).ToBeDisabledAsync();

        await page.Locator("input[data-testid=sla-high]").FillAsync("08:00:00");
        await Assertions.Expect(page.Locator("[data-testid=save-details]")).ToBeEnabledAsync();
        await page.Locator("[data-testid=save-details]").ClickAsync();

        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, @"/workflows/\d+$"));
        await Assertions.Expect(page.Locator("[data-testid=workflow-status]")).ToContainTextAsync("draft", new() { IgnoreCase = true });
        await Assertions.Expect(page.Locator("[data-testid=problems]")).ToContainTextAsync("no start step");

        await page.Locator("[data-testid=action-deploy]").ClickAsync();
        await ConfirmAsync(page, "Deploy");

        await Assertions.Expect(page.Locator("[data-testid=refusal-issues]")).ToContainTextAsync("no start step");
        await Assertions.Expect(page.Locator("[data-testid=refusal-issue]")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task PausingTheSeedWorkflowFromTheList_AfterConfirming_ShowsItPaused()
    {
        var page = await browser.SignedInPageAsync("admin@taskdesk.local");
        await page.GotoAsync("/workflows");
        await BrowserFixture.WaitUntilInteractiveAsync(page);
        var row = page.Locator("[data-testid=workflows] tr", new() { HasText = "IT Support Request" });

        await row.Locator("[data-testid=action-pause]").ClickAsync();
        await ConfirmAsync(page, "Pause");

        await Assertions.Expect(row).ToContainTextAsync("paused", new() { IgnoreCase = true });
        await row.Locator("[data-testid=action-resume]").ClickAsync();
        await ConfirmAsync(page, "Resume");
        await Assertions.Expect(row).ToContainTextAsync("initialized", new() { IgnoreCase = true });
    }

    private static Task ConfirmAsync(IPage page, string action) =>
        page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
}
