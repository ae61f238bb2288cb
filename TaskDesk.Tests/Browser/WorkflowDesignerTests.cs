using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Setup;
using TaskDesk.Web.Features.Workflows;
using TaskDesk.Web.Infrastructure;

using static TaskDesk.Tests.Browser.DesignerPage;

namespace TaskDesk.Tests.Browser;

[Trait("Category", "Browser")]
[Collection(BrowserFixture.Collection)]
public sealed class WorkflowDesignerTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ThreeStepsDrawnWithTheMouse_SaveDeployAndInitialize_AndReadBackExactlyAsDrawn()
    {
        var (page, id, canvas) = await DesignerPage.NewDraftAsync(browser, "Drawn by mouse");

        for (var i = 0; i < 3; i++)
        {
            await page.Locator("[data-testid=add-step]").ClickAsync();
        }

        await Assertions.Expect(canvas.Locator("g.x6-node")).ToHaveCountAsync(3);
        await DragAsync(page, Node(canvas, 2), 0, 120);
        await DragAsync(page, Port(canvas, 1, "right"), Port(canvas, 2, "left"));
        await NameSelectedTransitionAsync(page, "Step 1 → Step 2", "Start work");
        await DragAsync(page, Port(canvas, 2, "right"), Port(canvas, 3, "left"));
        await NameSelectedTransitionAsync(page, "Step 2 → Step 3", "Finish");

        await EditStepAsync(page, canvas, 1, "Intake", "Agent", "0.25");
        await EditStepAsync(page, canvas, 2, "Repair", "IT Technician", "0.5");
        await EditStepAsync(page, canvas, 3, "Close", "Agent", "0.25");
        await page.Locator("[data-testid=selection-panel] input[data-testid=step-end]").ClickAsync(new() { Force = true });
        try
        {
            await Assertions.Expect(page.Locator("[data-testid=ready-to-deploy]")).ToBeVisibleAsync();
        }
        catch (PlaywrightException)
        {
            await ScreenshotAsync(page, "designer-three-steps-not-ready");
            throw;
        }

        await page.Locator("[data-testid=save-graph]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=unsaved]")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=action-deploy]").ClickAsync();
        await ConfirmAsync(page, "Deploy");
        await Assertions.Expect(page.Locator("[data-testid=workflow-status]")).ToContainTextAsync("deployed", new() { IgnoreCase = true });
        await page.Locator("[data-testid=action-initialize]").ClickAsync();
        await ConfirmAsync(page, "Initialize");
        await Assertions.Expect(page.Locator("[data-testid=workflow-status]")).ToContainTextAsync("initialized", new() { IgnoreCase = true });
        await Assertions.Expect(page.Locator("[data-testid=graph-locked]")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "designer-three-steps-drawn");

        var graph = await GraphAsync(browser, id);
        var nodes = graph["nodes"]!.AsArray().ToDictionary(n => (string)n!["name"]!);
        Assert.Equal(["Close", "Intake", "Repair"], nodes.Keys.Order());
        AssertStep(nodes["Intake"]!, "Agent", 0.25m, isStart: true, isEnd: false, x: 80, y: 80);
        AssertStep(nodes["Repair"]!, "IT Technician", 0.5m, isStart: false, isEnd: false, x: 300, y: 200);
        AssertStep(nodes["Close"]!, "Agent", 0.25m, isStart: false, isEnd: true, x: 520, y: 80);
        var edges = graph["edges"]!.AsArray()
            .Select(e => ((string)e!["name"]!, (int)e["from_step_id"]!, (int)e["to_step_id"]!))
            .OrderBy(e => e.Item1)
            .ToList();
        Assert.Equal(
            [("Finish", (int)nodes["Repair"]!["step_id"]!, (int)nodes["Close"]!["step_id"]!), ("Start work", (int)nodes["Intake"]!["step_id"]!, (int)nodes["Repair"]!["step_id"]!)],
            edges);
    }

    [Fact]
    public async Task TheSeedWorkflowAndItsVersion_OpenReadOnly_WithEachStepAtItsDesignPosition()
    {
        var workflows = browser.App.Service<WorkflowService>();
        var admin = new Actor(1, IsAdministrator: true);
        var seed = (await workflows.ListAsync(admin)).Single(w => w.Name == DemoData.WorkflowName);
        var view = await workflows.GetAsync(admin, seed.Id);
        var page = await browser.SignedInPageAsync("admin@taskdesk.local");

        await page.GotoAsync($"/workflows/{seed.Id}");
        var canvas = await CanvasAsync(page);

        await Assertions.Expect(canvas.Locator("g.x6-node")).ToHaveCountAsync(view.Steps.Count);
        Assert.Equal(3, view.Steps.Count);
        foreach (var step in view.Steps)
        {
            var transform = await canvas.Locator($"g[data-cell-id='step:{step.Id}']").GetAttributeAsync("transform");
            Assert.Equal($"translate({step.Design.X.ToString(CultureInfo.InvariantCulture)},{step.Design.Y.ToString(CultureInfo.InvariantCulture)})", transform);
        }

        await Assertions.Expect(canvas.Locator("g.x6-edge")).ToHaveCountAsync(view.Transitions.Count);
        await Assertions.Expect(page.Locator("[data-testid=graph-locked]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=add-step]")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "designer-seed-workflow");

        await page.GotoAsync($"/workflows/{seed.Id}/versions/1");
        var versionCanvas = await CanvasAsync(page);
        await Assertions.Expect(versionCanvas.Locator("g.x6-node")).ToHaveCountAsync(view.Steps.Count);
        await Assertions.Expect(page.Locator("[data-testid=add-step]")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "designer-seed-version-1");
    }

    private static async Task EditStepAsync(IPage page, ILocator canvas, int number, string name, string role, string weight)
    {
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        var box = await Node(canvas, number).BoundingBoxAsync() ?? throw new InvalidOperationException($"Step {number} is not on the page.");
        await page.Mouse.ClickAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        var panel = page.Locator("[data-testid=selection-panel]");
        // The panel shows the step clicked (still named as the palette named it) before anything is typed into it.
        await Assertions.Expect(panel.Locator("input[data-testid=step-name]")).ToHaveValueAsync($"Step {number}");
        await panel.Locator("input[data-testid=step-name]").FillAsync(name);
        await panel.Locator("input[data-testid=step-name]").PressAsync("Tab");
        await panel.Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open").GetByText(role, new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await panel.Locator("input[data-testid=step-weight]").FillAsync(weight);
        await panel.Locator("input[data-testid=step-weight]").PressAsync("Tab");
        await Assertions.Expect(Node(canvas, number)).ToContainTextAsync(name);
    }

    private static void AssertStep(JsonNode node, string role, decimal weight, bool isStart, bool isEnd, double x, double y)
    {
        Assert.Equal(role, (string?)node["role_name"]);
        Assert.Equal(weight, (decimal)node["weight"]!);
        Assert.Equal(isStart, (bool)node["is_start"]!);
        Assert.Equal(isEnd, (bool)node["is_end"]!);
        Assert.Equal((x, y), ((double)node["design"]!["x"]!, (double)node["design"]!["y"]!));
    }

    private static Task ConfirmAsync(IPage page, string action) =>
        page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
}
