using MudBlazor;
using TaskDesk.Web.Components.Shared;

namespace TaskDesk.Tests.Web.Components;

public sealed class NewestGridDataTests
{
    private readonly NewestGridData<string> _newest = new();

    [Fact]
    public async Task AnOlderLoadFinishingLast_GetsTheNewerRows()
    {
        var older = new TaskCompletionSource<GridData<string>>();
        var newer = new TaskCompletionSource<GridData<string>>();
        var olderShown = _newest.KeepAsync(older.Task);
        var newerShown = _newest.KeepAsync(newer.Task);

        newer.SetResult(Rows("filtered"));
        Assert.Equal(["filtered"], (await newerShown).Items);
        older.SetResult(Rows("unfiltered", "rows"));

        Assert.Equal(["filtered"], (await olderShown).Items);
    }

    [Fact]
    public async Task LoadsFinishingInOrder_EachShowTheirOwnRows()
    {
        var first = new TaskCompletionSource<GridData<string>>();
        var second = new TaskCompletionSource<GridData<string>>();
        var firstShown = _newest.KeepAsync(first.Task);
        var secondShown = _newest.KeepAsync(second.Task);

        first.SetResult(Rows("before"));
        Assert.Equal(["before"], (await firstShown).Items);
        second.SetResult(Rows("after"));

        Assert.Equal(["after"], (await secondShown).Items);
        Assert.Equal(["later"], (await _newest.KeepAsync(Task.FromResult(Rows("later")))).Items);
    }

    private static GridData<string> Rows(params string[] rows) => new() { Items = rows, TotalItems = rows.Length };
}
