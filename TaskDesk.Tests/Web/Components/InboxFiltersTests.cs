using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Tasks.Inboxes;

namespace TaskDesk.Tests.Web.Components;

/// <summary>The filters above the task lists, as markup: labelled native selects that say what changed, and a debounced search box.</summary>
public sealed class InboxFiltersTests : MudComponentTest
{
    private static readonly IReadOnlyList<(string Code, string Label)> Statuses = [("active", "Active"), ("all", "Every status"), ("resolved", "Resolved")];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 10, 8, 0, 0, TimeSpan.Zero));
    private readonly List<string> _events = [];

    protected override void AddServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(_clock);

    [Fact]
    public void TheStatusAndPriority_AreLabelledSelects_ShowingTheirChoicesAndTheCurrentOne()
    {
        var filters = RenderFilters(status: "all", priority: "high");

        var status = filters.Find("select[data-testid=filter-status]");
        Assert.Equal("Status", filters.Find($"label[for='{status.Id}']").TextContent.Trim());
        Assert.Equal(["Active", "Every status", "Resolved"], status.QuerySelectorAll("option").Select(o => o.TextContent.Trim()));
        Assert.Equal("all", status.GetAttribute("value"));

        var priority = filters.Find("select[data-testid=filter-priority]");
        Assert.Equal("Priority", filters.Find($"label[for='{priority.Id}']").TextContent.Trim());
        Assert.Equal(["Any priority", "Urgent", "Critical", "High", "Medium", "Low"], priority.QuerySelectorAll("option").Select(o => o.TextContent.Trim()));
        Assert.Equal(["", "urgent", "critical", "high", "medium", "low"], priority.QuerySelectorAll("option").Select(o => o.GetAttribute("value")));
        Assert.Equal("high", priority.GetAttribute("value"));
    }

    [Fact]
    public void TwoListsOnOnePage_GiveTheirSelectsDifferentIds_EachLabelNamingItsOwn()
    {
        var (first, second) = (RenderFilters(status: "all", priority: "high"), RenderFilters(status: "active", priority: ""));

        var ids = new[] { first, second }
            .SelectMany(f => f.FindAll("select").Select(select => (Select: select.Id, Label: f.Find($"label[for='{select.Id}']").TextContent.Trim())))
            .ToList();

        Assert.Equal(4, ids.Select(i => i.Select).Distinct().Count());
        Assert.Equal(["Status", "Priority", "Status", "Priority"], ids.Select(i => i.Label));
    }

    [Fact]
    public void NoStatuses_NoStatusFilter()
    {
        var filters = Ctx.Render<InboxFilters>();

        Assert.Empty(filters.FindAll("[data-testid=filter-status]"));
        Assert.Single(filters.FindAll("select[data-testid=filter-priority]"));
    }

    [Fact]
    public void ChoosingAStatusOrPriority_HandsTheCodeToThePage_ThenSaysTheFiltersChanged()
    {
        var filters = RenderFilters(status: "active", priority: "");

        filters.Find("select[data-testid=filter-status]").Change("resolved");
        filters.Find("select[data-testid=filter-priority]").Change("urgent");

        Assert.Equal(["status=resolved", "changed", "priority=urgent", "changed"], _events);
    }

    [Fact]
    public void ChoosingTheValueItAlreadyHas_AsksNothingAgain()
    {
        var filters = RenderFilters(status: "active", priority: "low");

        filters.Find("select[data-testid=filter-status]").Change("active");
        filters.Find("select[data-testid=filter-priority]").Change("low");

        Assert.Empty(_events);
    }

    [Fact]
    public void TheSearch_WaitsForTheTypingToPause_AndHandsOnlyTheLastText()
    {
        var filters = RenderFilters(status: "active", priority: "");

        filters.Find("input[data-testid=filter-search]").Input("prin");
        filters.Find("input[data-testid=filter-search]").Input("printer");
        Assert.Empty(_events);

        _clock.Advance(InboxFilters.SearchDebounce - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_events);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        filters.WaitForAssertion(() => Assert.Equal(["search=printer", "changed"], _events));
    }

    [Fact]
    public void LeavingTheSearchBox_OrPressingEnter_SearchesAtOnce()
    {
        var filters = RenderFilters(status: "active", priority: "");
        var box = filters.Find("input[data-testid=filter-search]");

        box.Input("printer");
        box.Change("printer");

        Assert.Equal(["search=printer", "changed"], _events);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["search=printer", "changed"], _events);
    }

    [Fact]
    public void TheClearButton_ShowsOnceSomethingIsTyped()
    {
        var filters = RenderFilters(status: "active", priority: "");
        Assert.Empty(filters.FindAll("[data-testid=filter-search-clear]"));

        filters.Find("input[data-testid=filter-search]").Input("p");

        Assert.Single(filters.FindAll("[data-testid=filter-search-clear]"));
    }

    [Fact]
    public void TheClearButton_EmptiesTheSearchAtOnce()
    {
        var filters = RenderFilters(status: "active", priority: "", search: "printer");
        Assert.Equal("printer", filters.Find("input[data-testid=filter-search]").GetAttribute("value"));

        filters.Find("[data-testid=filter-search-clear]").Click();

        Assert.Equal(["search=", "changed"], _events);
        Assert.Equal("", filters.Find("input[data-testid=filter-search]").GetAttribute("value"));
        Assert.Empty(filters.FindAll("[data-testid=filter-search-clear]"));
    }

    [Fact]
    public void ARedrawOfThePage_KeepsWhatIsBeingTyped_ButANewSearchFromThePageReplacesIt()
    {
        var filters = RenderFilters(status: "active", priority: "");
        filters.Find("input[data-testid=filter-search]").Input("print");

        filters.Render(p => p.Add(f => f.Priority, "high"));
        Assert.Equal("print", filters.Find("input[data-testid=filter-search]").GetAttribute("value"));

        filters.Render(p => p.Add(f => f.Search, "scanner"));
        Assert.Equal("scanner", filters.Find("input[data-testid=filter-search]").GetAttribute("value"));
    }

    private IRenderedComponent<InboxFilters> RenderFilters(string status, string priority, string? search = null) =>
        Ctx.Render<InboxFilters>(p => p
            .Add(f => f.Search, search)
            .Add(f => f.Statuses, Statuses)
            .Add(f => f.Status, status)
            .Add(f => f.StatusChanged, v => _events.Add($"status={v}"))
            .Add(f => f.Priority, priority)
            .Add(f => f.PriorityChanged, v => _events.Add($"priority={v}"))
            .Add(f => f.SearchChanged, v => _events.Add($"search={v}"))
            .Add(f => f.OnChanged, () => _events.Add("changed")));
}
