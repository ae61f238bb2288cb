using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Components.Shared;

namespace TaskDesk.Tests.Web.Components;

/// <summary>
/// The markup pager under a server-side MudDataGrid of the numbers 1..n: what it says, which buttons it allows, and
/// which page the grid then asks its server for.
/// </summary>
public sealed class GridPagerTests : MudComponentTest
{
    private readonly List<(int Page, int PageSize)> _asked = [];

    [Fact]
    public void OnTheFirstPage_ItSaysWhichRowsOfHowMany_AndOnlyTheForwardButtonsWork()
    {
        var grid = RenderGrid(total: 60);

        grid.WaitForAssertion(() => Assert.Equal("1-25 of 60", Info(grid)));
        Assert.Equal(Enumerable.Range(1, 25), Numbers(grid));
        Assert.Equal([true, true, false, false], Disabled(grid));
        Assert.Equal(["First page", "Previous page", "Next page", "Last page"], Buttons(grid).Select(b => b.GetAttribute("aria-label")));
    }

    [Fact]
    public void NextLastPreviousFirst_AskTheServerForThosePages_AndTheLastPageStopsTheForwardButtons()
    {
        var grid = RenderGrid(total: 60);
        grid.WaitForAssertion(() => Assert.Equal("1-25 of 60", Info(grid)));

        grid.Find("[data-testid=pager-next]").Click();
        grid.WaitForAssertion(() => Assert.Equal("26-50 of 60", Info(grid)));
        grid.WaitForAssertion(() => Assert.Equal(Enumerable.Range(26, 25), Numbers(grid)));
        Assert.Equal([false, false, false, false], Disabled(grid));

        grid.Find("[data-testid=pager-last]").Click();
        grid.WaitForAssertion(() => Assert.Equal(Enumerable.Range(51, 10), Numbers(grid)));
        Assert.Equal("51-60 of 60", Info(grid));
        Assert.Equal([false, false, true, true], Disabled(grid));

        grid.Find("[data-testid=pager-previous]").Click();
        grid.WaitForAssertion(() => Assert.Equal(Enumerable.Range(26, 25), Numbers(grid)));

        grid.Find("[data-testid=pager-first]").Click();
        grid.WaitForAssertion(() => Assert.Equal(Enumerable.Range(1, 25), Numbers(grid)));
        Assert.Equal([true, true, false, false], Disabled(grid));
        Assert.Equal([(0, 25), (1, 25), (2, 25), (1, 25), (0, 25)], Asked());
    }

    [Fact]
    public void ChoosingAPageSize_LoadsThatManyRows_FromTheFirstPage()
    {
        var grid = RenderGrid(total: 60);
        grid.WaitForAssertion(() => Assert.Equal("1-25 of 60", Info(grid)));
        grid.Find("[data-testid=pager-next]").Click();
        grid.WaitForAssertion(() => Assert.Equal("26-50 of 60", Info(grid)));
        var size = grid.Find("select[data-testid=pager-size]");
        Assert.Equal(["10", "25", "50", "100"], size.QuerySelectorAll("option").Select(o => o.GetAttribute("value")));
        Assert.Equal("25", size.GetAttribute("value"));

        size.Change("50");

        grid.WaitForAssertion(() => Assert.Equal(Enumerable.Range(1, 50), Numbers(grid)));
        Assert.Equal("1-50 of 60", Info(grid));
        Assert.Equal("50", grid.Find("select[data-testid=pager-size]").GetAttribute("value"));
        Assert.Equal((0, 50), _asked[^1]);
        Assert.Equal([true, true, false, false], Disabled(grid));
    }

    [Fact]
    public void APageSizeAsLargeAsTheList_LeavesNoPageToGoTo()
    {
        var grid = RenderGrid(total: 60);
        grid.WaitForAssertion(() => Assert.Equal("1-25 of 60", Info(grid)));

        grid.Find("select[data-testid=pager-size]").Change("100");

        grid.WaitForAssertion(() => Assert.Equal("1-60 of 60", Info(grid)));
        Assert.Equal([true, true, true, true], Disabled(grid));
    }

    [Fact]
    public void AnEmptyList_SaysNoneOfNone_AndNoButtonWorks()
    {
        var grid = RenderGrid(total: 0);

        grid.WaitForAssertion(() => Assert.Equal((0, 25), Assert.Single(Asked())));
        grid.WaitForAssertion(() => Assert.Equal("0-0 of 0", Info(grid)));
        Assert.Equal([true, true, true, true], Disabled(grid));
    }

    [Fact]
    public void ThePageSize_IsLabelled_ForAScreenReader()
    {
        var grid = RenderGrid(total: 5);

        var size = grid.Find("select[data-testid=pager-size]");
        var label = grid.Find($"label[for='{size.Id}']");
        Assert.Equal("Rows per page:", label.TextContent.Trim());
        Assert.False(string.IsNullOrEmpty(size.Id));
    }

    /// <summary>The pages the grid asked for, a page asked twice in a row (a load and a redraw) once.</summary>
    private List<(int Page, int PageSize)> Asked() => [.. _asked.Where((a, i) => i == 0 || a != _asked[i - 1])];

    private IRenderedComponent<MudDataGrid<int>> RenderGrid(int total) =>
        Ctx.Render<MudDataGrid<int>>(p => p
            .Add(g => g.ServerData, (state, _) =>
            {
                _asked.Add((state.Page, state.PageSize));
                var first = state.Page * state.PageSize;
                return Task.FromResult(new GridData<int> { Items = Enumerable.Range(first + 1, Math.Max(0, Math.Min(state.PageSize, total - first))).ToList(), TotalItems = total });
            })
            .Add(g => g.RowsPerPage, 25)
            .Add(g => g.Columns, Columns)
            .Add(g => g.PagerContent, builder =>
            {
                builder.OpenComponent<GridPager<int>>(0);
                builder.CloseComponent();
            }));

    private static void Columns(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
    {
        builder.OpenComponent<TemplateColumn<int>>(0);
        builder.AddComponentParameter(1, nameof(TemplateColumn<int>.CellTemplate), (RenderFragment<CellContext<int>>)(cell => row =>
        {
            row.OpenElement(0, "span");
            row.AddAttribute(1, "data-testid", "number");
            row.AddContent(2, cell.Item);
            row.CloseElement();
        }));
        builder.CloseComponent();
    }

    private static string Info(IRenderedComponent<MudDataGrid<int>> grid) => grid.Find("[data-testid=pager-info]").TextContent.Trim();

    private static IEnumerable<int> Numbers(IRenderedComponent<MudDataGrid<int>> grid) =>
        grid.FindAll("[data-testid=number]").Select(n => int.Parse(n.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static IReadOnlyList<IElement> Buttons(IRenderedComponent<MudDataGrid<int>> grid) => grid.FindAll(".mud-table-pagination-actions button");

    private static bool[] Disabled(IRenderedComponent<MudDataGrid<int>> grid) => [.. Buttons(grid).Select(b => b.HasAttribute("disabled"))];
}
