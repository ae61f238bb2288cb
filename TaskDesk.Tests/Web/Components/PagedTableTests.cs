using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Components.Shared;
using TaskDesk.Web.Features.Tasks;
using TaskDesk.Web.Features.Tasks.Inboxes;
using TaskDesk.Web.Features.Tasks.Shared;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Tests.Web.Components;

/// <summary>
/// The light server-paged table of My Tasks over a list of the numbers 1..n served by the test: which page and sort it
/// asks for, what it says with no rows, which load it shows when loads finish out of order, and its table semantics.
/// </summary>
public sealed class PagedTableTests : MudComponentTest
{
    // A component cell, HTML text, HTML and another text: runs of HTML cells on both sides of the component.
    private static readonly IReadOnlyList<TableColumn<int>> Columns =
    [
        TableColumn<int>.Component("Number", n => b =>
        {
            b.OpenElement(0, "span");
            b.AddAttribute(1, "data-testid", "number");
            b.AddContent(2, n);
            b.CloseElement();
        }, "number"),
        TableColumn<int>.Text("Parity", n => n % 2 == 0 ? "even" : "odd"),
        TableColumn<int>.Html("Square", n => $"""<b data-testid="square">{n * n}</b>""", "square"),
        TableColumn<int>.Text("Note", n => $"<i>{n}</i> & \"more\""),
    ];

    private static readonly DateTimeOffset Now = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private readonly List<TaskPageRequest> _asked = [];
    private readonly FakeTimeProvider _clock = new(Now);

    protected override void AddServices(IServiceCollection services) => services
        .AddSingleton<TimeProvider>(_clock)
        .AddSingleton(Options.Create(new TaskDeskOptions()))
        .AddScoped<SlaTicker>();

    [Fact]
    public void TheFirstLoad_AsksForPageOne_InTheDefaultOrder_AndShowsThoseRows()
    {
        var table = Render(total: 60);

        table.WaitForAssertion(() => Assert.Equal(Enumerable.Range(1, 25), Numbers(table)));
        Assert.Equal([new TaskPageRequest(1, 25, null, null)], _asked);
        Assert.Equal("1-25 of 60", table.Find("[data-testid=pager-info]").TextContent.Trim());
        Assert.Contains("mud-table-dense", table.Find("[data-testid=paged]").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReload_AfterRowsWentAway_ShowsTheLastPageThereIs_NotAnEmptyOnePastIt()
    {
        var total = 26;
        var table = Render((request, _) =>
        {
            _asked.Add(request);
            var rows = Enumerable.Range(1, total).Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToList();
            return Task.FromResult(new PagedResult<int>(rows, total, request.Page, request.PageSize));
        });
        table.WaitForAssertion(() => Assert.Equal(25, Numbers(table).Count));
        table.Find("[data-testid=pager-next]").Click();
        table.WaitForAssertion(() => Assert.Equal([26], Numbers(table)));

        total = 24;
        await table.InvokeAsync(table.Instance.ReloadAsync);

        table.WaitForAssertion(() => Assert.Equal(Enumerable.Range(1, 24), Numbers(table)));
        Assert.Equal("1-24 of 24", table.Find("[data-testid=pager-info]").TextContent.Trim());
        Assert.Empty(table.FindAll("[data-testid=no-rows]"));
    }

    [Fact]
    public void ClickingASortableTitle_AsksForItsSortCode_Ascending_ThenDescending_AndAnotherColumnStartsAscending()
    {
        var table = Render(total: 60);
        table.WaitForAssertion(() => Assert.Single(_asked));

        SortButton(table, "Number").Click();
        table.WaitForAssertion(() => Assert.Equal(new TaskPageRequest(1, 25, "number", "asc"), _asked[^1]));
        SortButton(table, "Number").Click();
        table.WaitForAssertion(() => Assert.Equal(new TaskPageRequest(1, 25, "number", "desc"), _asked[^1]));
        SortButton(table, "Number").Click();
        table.WaitForAssertion(() => Assert.Equal(new TaskPageRequest(1, 25, "number", "asc"), _asked[^1]));
        SortButton(table, "Square").Click();
        table.WaitForAssertion(() => Assert.Equal(new TaskPageRequest(1, 25, "square", "asc"), _asked[^1]));
        Assert.Equal(5, _asked.Count);
    }

    [Fact]
    public void TheSortedHeader_SaysItsDirection_ToAssistiveTechnology_AndOnlyIt()
    {
        var table = Render(total: 5);
        table.WaitForAssertion(() => Assert.Single(_asked));
        Assert.All(table.FindAll("th"), th => Assert.False(th.HasAttribute("aria-sort")));

        SortButton(table, "Square").Click();
        table.WaitForAssertion(() => Assert.Equal("ascending", Header(table, "Square").GetAttribute("aria-sort")));
        Assert.False(Header(table, "Number").HasAttribute("aria-sort"));
        Assert.Contains("mud-direction-asc", Header(table, "Square").QuerySelector(".sort-direction-icon")!.ClassName, StringComparison.Ordinal);

        SortButton(table, "Square").Click();
        table.WaitForAssertion(() => Assert.Equal("descending", Header(table, "Square").GetAttribute("aria-sort")));
        Assert.Contains("mud-direction-desc", Header(table, "Square").QuerySelector(".sort-direction-icon")!.ClassName, StringComparison.Ordinal);

        SortButton(table, "Number").Click();
        table.WaitForAssertion(() => Assert.Equal("ascending", Header(table, "Number").GetAttribute("aria-sort")));
        Assert.False(Header(table, "Square").HasAttribute("aria-sort"));
    }

    [Fact]
    public void ItIsARealTable_WithColumnHeaders_AndSortableTitlesAreButtons()
    {
        var table = Render(total: 5);
        table.WaitForAssertion(() => Assert.Equal(5, Numbers(table).Count));

        Assert.Equal(["Number", "Parity", "Square", "Note"], table.FindAll("table thead th[scope=col]").Select(th => th.TextContent.Trim()));
        Assert.Equal(["Number", "Square"], table.FindAll("th button[type=button].sortable-column-header").Select(b => b.TextContent.Trim()));
        Assert.Null(Header(table, "Parity").QuerySelector("button"));
        Assert.Equal(5, table.FindAll("table tbody tr").Count);
        Assert.Equal(["Number", "Parity", "Square", "Note"], table.FindAll("table tbody tr")[0].QuerySelectorAll("td").Select(td => td.GetAttribute("data-label")));
    }

    [Fact]
    public void ThePager_MovesThroughThePages_AndAPageSizeStartsAgainFromTheFirst_KeepingTheSort()
    {
        var table = Render(total: 60);
        table.WaitForAssertion(() => Assert.Single(_asked));
        SortButton(table, "Number").Click();
        table.WaitForAssertion(() => Assert.Equal(2, _asked.Count));

        table.Find("[data-testid=pager-next]").Click();
        table.WaitForAssertion(() => Assert.Equal(Enumerable.Range(26, 25), Numbers(table)));
        Assert.Equal("26-50 of 60", table.Find("[data-testid=pager-info]").TextContent.Trim());
        table.Find("[data-testid=pager-last]").Click();
        table.WaitForAssertion(() => Assert.Equal(Enumerable.Range(51, 10), Numbers(table)));
        Assert.Equal([false, false, true, true], Disabled(table));
        table.Find("[data-testid=pager-previous]").Click();
        table.WaitForAssertion(() => Assert.Equal(Enumerable.Range(26, 25), Numbers(table)));

        table.Find("select[data-testid=pager-size]").Change("50");
        table.WaitForAssertion(() => Assert.Equal(Enumerable.Range(1, 50), Numbers(table)));
        Assert.Equal("1-50 of 60", table.Find("[data-testid=pager-info]").TextContent.Trim());
        Assert.Equal(
            [new(2, 25, "number", "asc"), new(3, 25, "number", "asc"), new(2, 25, "number", "asc"), new(1, 50, "number", "asc")],
            _asked[2..]);
    }

    [Fact]
    public async Task ReloadFromStart_GoesBackToPageOne_AndReload_StaysOnThePage()
    {
        var table = Render(total: 60);
        table.WaitForAssertion(() => Assert.Single(_asked));
        table.Find("[data-testid=pager-next]").Click();
        table.WaitForAssertion(() => Assert.Equal(2, _asked[^1].Page));

        await table.InvokeAsync(() => table.Instance.ReloadAsync());
        Assert.Equal(new TaskPageRequest(2, 25, null, null), _asked[^1]);
        await table.InvokeAsync(() => table.Instance.ReloadFromStartAsync());
        Assert.Equal(new TaskPageRequest(1, 25, null, null), _asked[^1]);
        table.WaitForAssertion(() => Assert.Equal(Enumerable.Range(1, 25), Numbers(table)));
    }

    [Fact]
    public void NoRows_ShowsTheNoRowsContent_OnlyOnceALoadSaidSo()
    {
        var first = new TaskCompletionSource<PagedResult<int>>();
        var table = Render((_, _) => first.Task);

        Assert.Empty(table.FindAll("[data-testid=no-rows]"));
        table.InvokeAsync(() => first.SetResult(new PagedResult<int>([], 0, 1, 25)));

        table.WaitForAssertion(() => Assert.Equal("Nothing here.", table.Find("[data-testid=no-rows]").TextContent));
        Assert.Equal("4", table.Find("th.mud-table-empty-row").GetAttribute("colspan"));
        Assert.Equal("0-0 of 0", table.Find("[data-testid=pager-info]").TextContent.Trim());
    }

    [Fact]
    public async Task AnOlderLoadFinishingLast_IsDropped_AndItsTokenWasCancelled()
    {
        var loads = new List<(TaskPageRequest Request, CancellationToken Token, TaskCompletionSource<PagedResult<int>> Result)>();
        var table = Render((request, ct) =>
        {
            var result = new TaskCompletionSource<PagedResult<int>>();
            loads.Add((request, ct, result));
            return result.Task;
        });
        table.WaitForAssertion(() => Assert.Single(loads));
        await table.InvokeAsync(() => loads[0].Result.SetResult(Page([1, 2, 3], 3)));
        table.WaitForAssertion(() => Assert.Equal([1, 2, 3], Numbers(table)));

        // A sort is asked for, then a live reload; the sort's answer (older) arrives after the reload's.
        SortButton(table, "Number").Click();
        var reload = table.InvokeAsync(() => table.Instance.ReloadAsync());
        table.WaitForAssertion(() => Assert.Equal(3, loads.Count));
        await table.InvokeAsync(() => loads[2].Result.SetResult(Page([7, 8], 2)));
        table.WaitForAssertion(() => Assert.Equal([7, 8], Numbers(table)));
        await table.InvokeAsync(() => loads[1].Result.SetResult(Page([4, 5, 6], 3)));
        await reload;

        Assert.Equal([7, 8], Numbers(table));
        Assert.Equal("1-2 of 2", table.Find("[data-testid=pager-info]").TextContent.Trim());
        Assert.True(loads[1].Token.IsCancellationRequested);
        Assert.False(loads[2].Token.IsCancellationRequested);
    }

    [Fact]
    public async Task ALoadCancelledByANewerOne_EndsQuietly_AndTheNewerOneIsShown()
    {
        var loads = new List<TaskCompletionSource<PagedResult<int>>>();
        var table = Render(async (_, ct) =>
        {
            var result = new TaskCompletionSource<PagedResult<int>>();
            loads.Add(result);
            using var cancelled = ct.Register(() => result.TrySetCanceled(ct));
            return await result.Task;
        });
        table.WaitForAssertion(() => Assert.Single(loads));

        var reload = table.InvokeAsync(() => table.Instance.ReloadAsync());
        table.WaitForAssertion(() => Assert.Equal(2, loads.Count));
        Assert.True(loads[0].Task.IsCanceled);
        await table.InvokeAsync(() => loads[1].SetResult(Page([9], 1)));

        await reload;
        table.WaitForAssertion(() => Assert.Equal([9], Numbers(table)));
    }

    [Fact]
    public void EachRow_DrawsItsCellsInColumnOrder_UnderTheirTitles()
    {
        var table = Render(total: 3);
        table.WaitForAssertion(() => Assert.Equal([1, 2, 3], Numbers(table)));

        var second = table.FindAll("tbody tr")[1].QuerySelectorAll("td");
        Assert.Equal(["Number", "Parity", "Square", "Note"], second.Select(td => td.GetAttribute("data-label")));
        Assert.Equal(["2", "even", "4", "<i>2</i> & \"more\""], second.Select(td => td.TextContent));
        Assert.All(second, td => Assert.Equal("mud-table-cell", td.ClassName));
        Assert.Equal("4", second[2].QuerySelector("b[data-testid=square]")!.TextContent);
    }

    [Fact]
    public void TextCells_ShowWhatTheTextHolds_AsText_NeverAsMarkup()
    {
        var table = Render(total: 1);
        table.WaitForAssertion(() => Assert.Equal([1], Numbers(table)));

        var note = table.Find("td[data-label=Note]");
        Assert.Equal("<i>1</i> & \"more\"", note.TextContent);
        Assert.Empty(note.Children);
    }

    [Fact]
    public void ARowsHtmlCells_AreOneMarkupFrameForEachRunBetweenComponents_NotAFramePerElement()
    {
        var table = Render(total: 25);
        table.WaitForAssertion(() => Assert.Equal(25, Numbers(table).Count));

        // Per row: Parity, Square and Note are one run after the Number component.
        var rows = table.FindComponent<PagedRows<int>>().ComponentId;
        var runs = RenderedFrames.Markup(Ctx, rows).Where(m => m.StartsWith("<td", StringComparison.Ordinal)).ToList();
        Assert.Equal(25, runs.Count);
        Assert.All(runs, run => Assert.Equal(3, run.Split("<td ").Length - 1));

        // About ten frames a row (the row, the component cell, the run): a frame per element, attribute and text of
        // every cell would be twice that.
        Assert.InRange(RenderedFrames.Count(Ctx, rows), 25 * 6, 25 * 12);
    }

    [Fact]
    public void ACountdownColumn_RedrawsItsRowsAlone_OnTheClock_KeepingEveryOtherCellsString()
    {
        // Row n is due n × 10 minutes after now; its window opened now.
        IReadOnlyList<TableColumn<int>> columns =
        [
            TableColumn<int>.Text("Number", n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            TableColumn<int>.Countdown("SLA", n => new SlaWindow(Now.AddMinutes(10 * n), Now, Paused: n == 3)),
        ];
        var table = Ctx.Render<PagedTable<int>>(p => p
            .Add(t => t.Columns, columns)
            .Add(t => t.Load, (_, _) => Task.FromResult(Page([1, 2, 3], 3)))
            .Add(t => t.TestId, "paged"));
        table.WaitForAssertion(() => Assert.Equal(["10m left", "20m left", "paused"], Countdowns(table)));
        var rows = table.FindComponent<PagedRows<int>>();
        var numbersBefore = NumberRuns(rows.ComponentId);
        // A render of the table would draw its pager again; the rows are drawn without it.
        var pager = table.FindComponent<GridPager<int>>();
        var (pagerRenders, rowRenders) = (pager.RenderCount, rows.RenderCount);

        // 8 of row 1's 10 minutes gone: past the 75 % warning share.
        _clock.Advance(TimeSpan.FromMinutes(8));
        table.WaitForAssertion(() => Assert.Equal(["2m left", "12m left", "paused"], Countdowns(table)));
        Assert.Equal("warning", table.FindAll("[data-testid=sla-countdown]")[0].GetAttribute("data-sla-state"));
        Assert.Equal(pagerRenders, pager.RenderCount);
        Assert.True(rows.RenderCount > rowRenders);

        // The runs that did not change are the same strings: the two render trees share them.
        var numbersAfter = NumberRuns(rows.ComponentId);
        Assert.Equal(3, numbersAfter.Count);
        Assert.All(numbersBefore.Zip(numbersAfter), pair => Assert.Same(pair.First, pair.Second));

        _clock.Advance(TimeSpan.FromMinutes(3));
        table.WaitForAssertion(() => Assert.Equal(["1m overdue", "9m left", "paused"], Countdowns(table)));
        Assert.Equal("breached", table.FindAll("[data-testid=sla-countdown]")[0].GetAttribute("data-sla-state"));
        Assert.Contains("Target 2025-03-10 09:10 UTC", table.FindAll("[data-testid=sla-countdown]")[0].GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public void ATableWithoutACountdown_LeavesTheClockAlone()
    {
        var table = Render(total: 3);
        table.WaitForAssertion(() => Assert.Equal([1, 2, 3], Numbers(table)));

        Assert.False(Ctx.Services.GetRequiredService<SlaTicker>().IsRunning);
    }

    private static List<string> Countdowns(IRenderedComponent<PagedTable<int>> table) =>
        [.. table.FindAll("[data-testid=sla-countdown] .mud-chip-content").Select(e => e.TextContent)];

    private List<string> NumberRuns(int rows) =>
        [.. RenderedFrames.Markup(Ctx, rows).Where(m => m.Contains("data-label=\"Number\"", StringComparison.Ordinal))];

    private static PagedResult<int> Page(int[] numbers, int total) => new(numbers, total, 1, 25);

    private IRenderedComponent<PagedTable<int>> Render(int total) =>
        Render((request, _) =>
        {
            _asked.Add(request);
            var numbers = Enumerable.Range(1, total).ToList();
            if (request.Sort == "number" && request.Direction == "desc")
            {
                numbers.Reverse();
            }

            var rows = numbers.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToList();
            return Task.FromResult(new PagedResult<int>(rows, total, request.Page, request.PageSize));
        });

    private IRenderedComponent<PagedTable<int>> Render(Func<TaskPageRequest, CancellationToken, Task<PagedResult<int>>> load) =>
        Ctx.Render<PagedTable<int>>(p => p
            .Add(t => t.Columns, Columns)
            .Add(t => t.Load, load)
            .Add(t => t.TestId, "paged")
            .Add(t => t.NoRowsContent, (RenderFragment)(b =>
            {
                b.OpenElement(0, "p");
                b.AddAttribute(1, "data-testid", "no-rows");
                b.AddContent(2, "Nothing here.");
                b.CloseElement();
            })));

    private static IElement Header(IRenderedComponent<PagedTable<int>> table, string title) =>
        table.FindAll("th").Single(th => th.TextContent.Trim() == title);

    private static IElement SortButton(IRenderedComponent<PagedTable<int>> table, string title) =>
        Header(table, title).QuerySelector("button.sortable-column-header")!;

    private static List<int> Numbers(IRenderedComponent<PagedTable<int>> table) =>
        table.FindAll("[data-testid=number]").Select(n => int.Parse(n.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static bool[] Disabled(IRenderedComponent<PagedTable<int>> table) =>
        [.. table.FindAll(".mud-table-pagination-actions button").Select(b => b.HasAttribute("disabled"))];
}
