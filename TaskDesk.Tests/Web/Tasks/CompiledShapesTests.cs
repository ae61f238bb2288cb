using Microsoft.EntityFrameworkCore;
using TaskDesk.Domain.Tasks;
using TaskDesk.Tests.Infrastructure;
using TaskDesk.Web.Features.Tasks;

namespace TaskDesk.Tests.Web.Tasks;

/// <summary>
/// A list query compiled per shape reads exactly what its LINQ reads, whatever the arguments, on every database; a page
/// cut by anything but the arguments is refused rather than compiled with a fixed page. My Tasks' own behaviour (which
/// runs compiled without a search) is covered by TaskQueryApiTests and MyTasksPageTests.
/// </summary>
public sealed class CompiledShapesTests : RuntimeTest
{
    [Fact]
    public async Task ACompiledShape_ReadsWhatItsLinqReads_ForEveryArgument_AndIsCompiledOnce()
    {
        foreach (var number in new[] { "TX-SHAPE-1", "TX-SHAPE-2", "TX-SHAPE-3", "TX-SHAPE-4" })
        {
            await TaskIdOfAsync(TicketBody(number));
        }

        await using var db = App.CreateDbContext();
        var ids = await db.Tasks.OrderBy(t => t.Id).Select(t => t.Id).ToListAsync();
        var shapes = new CompiledShapes<WorkTask, int>();
        (IQueryable<WorkTask>, IQueryable<int>) Build(ListArguments a)
        {
            var tasks = db.Tasks.AsNoTracking().Where(t => t.Id >= a.UserId && t.CreatedAt <= a.Now);
            return (tasks, tasks.OrderByDescending(t => t.Id).Skip(a.Skip).Take(a.Take).Select(t => t.Id));
        }

        var cases = new[]
        {
            new ListArguments { UserId = ids[0], Now = DateTimeOffset.UtcNow.AddDays(1), Skip = 0, Take = 25 },
            new ListArguments { UserId = ids[1], Now = DateTimeOffset.UtcNow.AddDays(1), Skip = 1, Take = 2 },
            new ListArguments { UserId = ids[0], Now = DateTimeOffset.UtcNow.AddDays(-1), Skip = 0, Take = 25 },
            new ListArguments { UserId = ids[0], Now = DateTimeOffset.UtcNow.AddDays(1), Skip = 10, Take = 5 },
        };
        foreach (var args in cases)
        {
            var shape = Assert.IsType<CompiledShapes<WorkTask, int>.Shape>(shapes.For(db, "ids", Build));
            var (counted, page) = Build(args);

            Assert.Equal(await counted.CountAsync(), await shape.CountAsync(db, args, CancellationToken.None));
            Assert.Equal(await page.ToListAsync(), await shape.PageAsync(db, args, CancellationToken.None));
        }

        // The cases differ in every argument, so a value fixed at compile time would have failed one of them.
        Assert.Equal([ids[3], ids[2], ids[1], ids[0]], await shapes.For(db, "ids", Build)!.PageAsync(db, cases[0], CancellationToken.None));
        Assert.Equal(1, shapes.CountFor(db));
    }

    [Fact]
    public async Task APageNotCutByItsArguments_IsRefused()
    {
        await using var db = App.CreateDbContext();
        var shapes = new CompiledShapes<WorkTask, int>();

        var refused = Assert.Throws<InvalidOperationException>(() => shapes.For(db, "fixed", a =>
        {
            var tasks = db.Tasks.Where(t => t.Id >= a.UserId);
            return (tasks, tasks.OrderBy(t => t.Id).Skip(a.Skip).Take(25).Select(t => t.Id));
        }));

        Assert.Contains("Skip and Take", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, shapes.CountFor(db));
    }

    [Fact]
    public async Task PastItsLimit_ANewShapeIsNotCompiled_AndTheShapesItHasStillAnswer()
    {
        await using var db = App.CreateDbContext();
        var shapes = new CompiledShapes<WorkTask, int>(maxShapes: 2);
        (IQueryable<WorkTask>, IQueryable<int>) Build(ListArguments a)
        {
            var tasks = db.Tasks.AsNoTracking().Where(t => t.Id >= a.UserId);
            return (tasks, tasks.OrderBy(t => t.Id).Skip(a.Skip).Take(a.Take).Select(t => t.Id));
        }

        var first = shapes.For(db, "first", Build);
        var second = shapes.For(db, "second", Build);

        // The caller runs its LINQ when no shape is given (TaskQueryService's lists without a search).
        Assert.Null(shapes.For(db, "third", Build));
        Assert.Equal(2, shapes.CountFor(db));
        Assert.Same(first, shapes.For(db, "first", Build));
        Assert.Same(second, shapes.For(db, "second", Build));
    }
}
