using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Tests.Data;

/// <summary>Enum filters keep the rows a <c>Contains</c> would, with the values in the SQL rather than as parameters.</summary>
public sealed class EnumFiltersTests : RuntimeTest
{
    private static readonly WorkTaskStatus[] Closed = [WorkTaskStatus.Completed, WorkTaskStatus.Cancelled];

    [Fact]
    public async Task OneOfAndNoneOf_KeepTheSameRowsAsContains_EvenForNoValues()
    {
        var open = await TaskIdOfAsync(TicketBody("TX-ENUM-OPEN"));
        var closed = await TaskIdOfAsync(TicketBody("TX-ENUM-CLOSED"));
        await using var db = App.CreateDbContext();
        await db.Tasks.Where(t => t.Id == closed).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, WorkTaskStatus.Completed));
        var ours = db.Tasks.AsNoTracking().Where(t => t.Id == open || t.Id == closed);
        async Task<int[]> IdsAsync(IQueryable<WorkTask> tasks) => [.. (await tasks.Select(t => t.Id).ToListAsync()).Order()];

        Assert.Equal([closed], await IdsAsync(ours.WhereOneOf(t => t.Status, Closed)));
        Assert.Equal([open], await IdsAsync(ours.WhereNoneOf(t => t.Status, Closed)));
        Assert.Equal(await IdsAsync(ours.Where(t => !Closed.Contains(t.Status))), await IdsAsync(ours.WhereNoneOf(t => t.Status, Closed)));
        Assert.Equal([closed], await IdsAsync(ours.WhereOneOf(t => t.Status, [WorkTaskStatus.Completed, WorkTaskStatus.Completed])));
        Assert.Empty(await IdsAsync(ours.WhereOneOf(t => t.Status, [])));
        Assert.Equal(new[] { open, closed }.Order(), await IdsAsync(ours.WhereNoneOf(t => t.Status, [])));
    }

    [Fact]
    public void TheValuesAreWrittenIntoTheSql_NotPassedAsParameters()
    {
        using var db = App.CreateDbContext();

        // A set the caller chose is a collection parameter (a static readonly one would be inlined): EF Core expands it anew
        // on every call, which keeps it from caching the query's SQL.
        WorkTaskStatus[] chosen = [.. Closed];
        Assert.Contains("@chosen", db.Tasks.Where(t => chosen.Contains(t.Status)).ToQueryString(), StringComparison.Ordinal);

        foreach (var sql in new[] { db.Tasks.WhereOneOf(t => t.Status, chosen).ToQueryString(), db.Tasks.WhereNoneOf(t => t.Status, chosen).ToQueryString() })
        {
            Assert.Contains("'Completed'", sql, StringComparison.Ordinal);
            Assert.Contains("'Cancelled'", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("@", sql, StringComparison.Ordinal);
        }
    }
}
