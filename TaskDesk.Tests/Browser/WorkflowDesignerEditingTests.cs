using Microsoft.Playwright;
using TaskDesk.Tests.Infrastructure;
using static TaskDesk.Tests.Browser.DesignerPage;

namespace TaskDesk.Tests.Browser;

/// <summary>Editing straight on the canvas: double-click to add, Delete to remove, a transition renamed on its label.</summary>
[Trait("Category", "Browser")]
[Collection(BrowserFixture.Collection)]
public sealed class WorkflowDesignerEditingTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task DoubleClickingTheEmptyCanvas_AddsAStepThere_AndSaveKeepsIt()
    {
        var (page, id, canvas) = await NewDraftAsync(browser, "Added by double-click");
        await Assertions.Expect(canvas.Locator("g.x6-node")).ToHaveCountAsync(0);
        var box = await canvas.BoundingBoxAsync() ?? throw new InvalidOperationException("The canvas is not on the page.");

        await page.Mouse.DblClickAsync(box.X + 300, box.Y + 200);

        await Assertions.Expect(canvas.Locator("g.x6-node")).ToHaveCountAsync(1);
        await SaveAsync(page);
        await ScreenshotAsync(page, "designer-double-click-adds-step");
        var nodes = (await GraphAsync(browser, id))["nodes"]!.AsArray();
        var node = Assert.Single(nodes)!;
        // Centred where the canvas was double-clicked (a step is 130 × 50; the canvas has a 1px border).
        Assert.InRange((double)node["design"]!["x"]!, 300 - 65 - 2, 300 - 65 + 2);
        Assert.InRange((double)node["design"]!["y"]!, 200 - 25 - 2, 200 - 25 + 2);
    }

    [Fact]
    public async Task SelectingATransitionOrAStep_AndPressingDelete_RemovesIt_AndAStepTakesItsTransitions()
    {
        var (page, id, canvas) = await NewDraftAsync(browser, "Deleted by key");
        await DrawThreeStepsInARowAsync(page, canvas);
        await SaveAsync(page);

        await ClickAsync(page, Edge(canvas, "First"));
        await Assertions.Expect(page.Locator("[data-testid=selection-panel] [data-testid=transition-ends]")).ToHaveTextAsync("Step 1 → Step 2");
        await page.Keyboard.PressAsync("Delete");
        await Assertions.Expect(canvas.Locator("g.x6-edge")).ToHaveCountAsync(1);
        await Assertions.Expect(Edge(canvas, "Second")).ToHaveCountAsync(1);

        await ClickAsync(page, canvas.Locator("g.x6-node").Filter(new() { HasTextString = "Step 3" }));
        await Assertions.Expect(page.Locator("[data-testid=selection-panel] input[data-testid=step-name]")).ToHaveValueAsync("Step 3");
        await page.Keyboard.PressAsync("Delete");
        await Assertions.Expect(canvas.Locator("g.x6-node")).ToHaveCountAsync(2);
        await Assertions.Expect(canvas.Locator("g.x6-edge")).ToHaveCountAsync(0);

        await SaveAsync(page);
        await ScreenshotAsync(page, "designer-delete-key");
        var graph = await GraphAsync(browser, id);
        Assert.Equal(["Step 1", "Step 2"], graph["nodes"]!.AsArray().Select(n => (string)n!["name"]!).Order());
        Assert.Empty(graph["edges"]!.AsArray());
    }

    [Fact]
    public async Task DoubleClickingATransitionsLabel_EditsItsNameInPlace_AndSaveKeepsTheNewName()
    {
        var (page, id, canvas) = await NewDraftAsync(browser, "Renamed on the edge");
        await DrawThreeStepsInARowAsync(page, canvas);
        await SaveAsync(page);

        var label = await LaidOutBoxAsync(page, Edge(canvas, "First").Locator(".x6-edge-label"));
        // As a user's pointer would, it rests on the label (which arms the edge's editor) before the double-click.
        await page.Mouse.MoveAsync(label.X + (label.Width / 2), label.Y + (label.Height / 2));
        await Assertions.Expect(canvas.Locator(".x6-edge-tools")).Not.ToHaveCountAsync(0);
        await page.Mouse.DblClickAsync(label.X + (label.Width / 2), label.Y + (label.Height / 2));
        var editor = canvas.Locator(".x6-edge-tool-editor");
        await Assertions.Expect(editor).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("Begin repair");
        // Clicking anywhere else ends the edit, as it would for a user.
        var box = await canvas.BoundingBoxAsync() ?? throw new InvalidOperationException("The canvas is not on the page.");
        await page.Mouse.ClickAsync(box.X + 40, box.Y + box.Height - 40);

        await Assertions.Expect(editor).ToHaveCountAsync(0);
        await Assertions.Expect(Edge(canvas, "Begin repair")).ToHaveCountAsync(1);
        await SaveAsync(page);
        await ScreenshotAsync(page, "designer-edge-label-renamed");
        var edges = (await GraphAsync(browser, id))["edges"]!.AsArray().Select(e => (string)e!["name"]!).Order();
        Assert.Equal(["Begin repair", "Second"], edges);
    }

    [Fact]
    public async Task DoubleClickingATransitionsLine_AwayFromItsLabel_RenamesIt_WithOneLabel_AndOneUndoStep()
    {
        var (page, id, canvas) = await NewDraftAsync(browser, "Renamed on the line");
        await DrawThreeStepsInARowAsync(page, canvas);
        await SaveAsync(page);

        // A fifth of the way along the line from Step 1 to Step 2, well clear of the label in its middle.
        var edge = await LaidOutBoxAsync(page, Edge(canvas, "First"));
        var (x, y) = (edge.X + (edge.Width / 5), edge.Y + (edge.Height / 2));
        await page.Mouse.MoveAsync(x, y);
        await Assertions.Expect(canvas.Locator(".x6-edge-tools")).Not.ToHaveCountAsync(0);
        await page.Mouse.DblClickAsync(x, y);
        var editor = canvas.Locator(".x6-edge-tool-editor");
        await Assertions.Expect(editor).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("Hand over");
        var box = await canvas.BoundingBoxAsync() ?? throw new InvalidOperationException("The canvas is not on the page.");
        await page.Mouse.ClickAsync(box.X + 40, box.Y + box.Height - 40);

        await Assertions.Expect(editor).ToHaveCountAsync(0);
        var renamed = Edge(canvas, "Hand over");
        await Assertions.Expect(renamed).ToHaveCountAsync(1);
        await Assertions.Expect(renamed.Locator(".x6-edge-label")).ToHaveCountAsync(1);

        // One rename, one step back.
        await page.Locator("[data-testid=undo]").ClickAsync();
        await Assertions.Expect(Edge(canvas, "First")).ToHaveCountAsync(1);
        await Assertions.Expect(Edge(canvas, "First").Locator(".x6-edge-label")).ToHaveCountAsync(1);
        await page.Locator("[data-testid=redo]").ClickAsync();
        await Assertions.Expect(Edge(canvas, "Hand over")).ToHaveCountAsync(1);
        await SaveAsync(page);
        var edges = (await GraphAsync(browser, id))["edges"]!.AsArray().Select(e => (string)e!["name"]!).Order();
        Assert.Equal(["Hand over", "Second"], edges);
    }

    /// <summary>Steps 1, 2 and 3 side by side, joined by the transitions "First" (1 → 2) and "Second" (2 → 3).</summary>
    private static async Task DrawThreeStepsInARowAsync(IPage page, ILocator canvas)
    {
        for (var i = 0; i < 3; i++)
        {
            await page.Locator("[data-testid=add-step]").ClickAsync();
        }

        await Assertions.Expect(canvas.Locator("g.x6-node")).ToHaveCountAsync(3);
        await DragAsync(page, Port(canvas, 1, "right"), Port(canvas, 2, "left"));
        await NameSelectedTransitionAsync(page, "Step 1 → Step 2", "First");
        await DragAsync(page, Port(canvas, 2, "right"), Port(canvas, 3, "left"));
        await NameSelectedTransitionAsync(page, "Step 2 → Step 3", "Second");
        await Assertions.Expect(canvas.Locator("g.x6-edge")).ToHaveCountAsync(2);
    }

    private static ILocator Edge(ILocator canvas, string name) =>
        canvas.Locator("g.x6-edge").Filter(new() { Has = canvas.Page.Locator(".x6-edge-label text", new() { HasTextString = name }) });

    private static async Task ClickAsync(IPage page, ILocator cell)
    {
        var box = await LaidOutBoxAsync(page, cell);
        await page.Mouse.ClickAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
    }

    /// <summary>The cell's box once it is drawn: after a save the canvas redraws what changed, so a cell can be briefly absent or unsized.</summary>
    private static async Task<LocatorBoundingBoxResult> LaidOutBoxAsync(IPage page, ILocator cell)
    {
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await Assertions.Expect(cell).ToHaveCountAsync(1);
        for (var attempt = 1; ; attempt++)
        {
            if (await cell.BoundingBoxAsync() is { Width: > 0 } box)
            {
                return box;
            }

            if (attempt == 50)
            {
                throw new InvalidOperationException("The cell is not on the page.");
            }

            await Task.Delay(100);
        }
    }

    private static async Task SaveAsync(IPage page)
    {
        await page.Locator("[data-testid=save-graph]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=unsaved]")).ToHaveCountAsync(0);
    }
}
