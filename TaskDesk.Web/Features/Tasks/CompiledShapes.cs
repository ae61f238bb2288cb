using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using TaskDesk.Data;

namespace TaskDesk.Web.Features.Tasks;

/// <summary>What a list query runs with, call by call: whose list, the moment, and the page.</summary>
public sealed class ListArguments
{
    public int UserId { get; init; }

    public DateTimeOffset Now { get; init; }

    public int Skip { get; init; }

    public int Take { get; init; }
}

/// <summary>
/// EF Core compiled queries for a list that LINQ composes at run time (its filters and sort): a count and a page per
/// shape, compiled the first time the shape is asked for. A LINQ query costs EF Core, on every call, a hash and a
/// comparison of its whole expression tree to find its cached plan and a walk of the tree for its parameters; for a
/// list whose SQL takes a fraction of a millisecond that is most of the call (decision 0014, tenth pass). The query is
/// built by the caller's own LINQ, once, over a placeholder <see cref="ListArguments"/>: its reads of the placeholder
/// become the compiled query's parameters, so the compiled query and the LINQ one are the same query by construction.
/// </summary>
/// <remarks>
/// Everything else the build reads is fixed in the shape: its key must name all of it (filter values, sort, direction).
/// Shapes are kept per model (one per database provider in a process) and up to <see cref="MaxShapes"/> of them; past
/// that <see cref="For"/> answers null and the caller runs its LINQ as it is.
/// </remarks>
/// <param name="maxShapes">How many shapes a model keeps; tests ask for fewer than <see cref="MaxShapes"/> to reach the limit.</param>
public sealed class CompiledShapes<TCounted, TRow>(int maxShapes = CompiledShapes<TCounted, TRow>.MaxShapes)
{
    public const int MaxShapes = 256;

    private const int SkipPlaceholder = 1_999_999_937;
    private const int TakePlaceholder = 1_999_999_929;

    private readonly ConditionalWeakTable<IModel, ConcurrentDictionary<string, Shape>> _byModel = [];

    /// <summary>The count and the page of one shape; the arguments are the <see cref="ListArguments"/>' in order.</summary>
    public sealed record Shape(
        Func<TaskDeskDbContext, int, DateTimeOffset, int, int, CancellationToken, Task<int>> Count,
        Func<TaskDeskDbContext, int, DateTimeOffset, int, int, IAsyncEnumerable<TRow>> Page)
    {
        public Task<int> CountAsync(TaskDeskDbContext db, ListArguments args, CancellationToken ct) =>
            Count(db, args.UserId, args.Now, args.Skip, args.Take, ct);

        public async Task<List<TRow>> PageAsync(TaskDeskDbContext db, ListArguments args, CancellationToken ct)
        {
            var rows = new List<TRow>(args.Take);
            await foreach (var row in Page(db, args.UserId, args.Now, args.Skip, args.Take).WithCancellation(ct))
            {
                rows.Add(row);
            }

            return rows;
        }
    }

    /// <summary>The shape named <paramref name="key"/>, compiled from <paramref name="build"/> if it is new; null when there are too many.</summary>
    public Shape? For(TaskDeskDbContext db, string key, Func<ListArguments, (IQueryable<TCounted> Counted, IQueryable<TRow> Page)> build)
    {
        var shapes = _byModel.GetValue(db.Model, _ => new ConcurrentDictionary<string, Shape>(StringComparer.Ordinal));
        if (shapes.TryGetValue(key, out var shape))
        {
            return shape;
        }

        return shapes.Count < maxShapes ? shapes.GetOrAdd(key, _ => Compile(db, build)) : null;
    }

    /// <summary>How many shapes are compiled for the model of <paramref name="db"/>.</summary>
    public int CountFor(TaskDeskDbContext db) => _byModel.TryGetValue(db.Model, out var shapes) ? shapes.Count : 0;

    private static Shape Compile(TaskDeskDbContext context, Func<ListArguments, (IQueryable<TCounted> Counted, IQueryable<TRow> Page)> build)
    {
        // Skip and Take take their count as a value, not a lambda: the placeholder's are values no page asks for, found
        // again in the tree as constants.
        var placeholder = new ListArguments { Skip = SkipPlaceholder, Take = TakePlaceholder };
        var (counted, page) = build(placeholder);

        var db = Expression.Parameter(typeof(TaskDeskDbContext), "db");
        var userId = Expression.Parameter(typeof(int), "userId");
        var now = Expression.Parameter(typeof(DateTimeOffset), "now");
        var skip = Expression.Parameter(typeof(int), "skip");
        var take = Expression.Parameter(typeof(int), "take");
        var ct = Expression.Parameter(typeof(CancellationToken), "ct");
        var arguments = new PlaceholderReads(placeholder, context, db, new Dictionary<string, ParameterExpression>
        {
            [nameof(ListArguments.UserId)] = userId,
            [nameof(ListArguments.Now)] = now,
            [nameof(ListArguments.Skip)] = skip,
            [nameof(ListArguments.Take)] = take,
        });

        var countBody = Expression.Call(typeof(Queryable), nameof(Queryable.Count), [typeof(TCounted)], arguments.Visit(counted.Expression));
        var count = EF.CompileAsyncQuery(
            Expression.Lambda<Func<TaskDeskDbContext, int, DateTimeOffset, int, int, CancellationToken, int>>(countBody, db, userId, now, skip, take, ct));
        var pageBody = arguments.Visit(page.Expression);
        if (arguments.PagedBy != (true, true))
        {
            throw new InvalidOperationException("A compiled list's page must be cut by Skip and Take of its arguments.");
        }

        var rows = EF.CompileAsyncQuery(
            Expression.Lambda<Func<TaskDeskDbContext, int, DateTimeOffset, int, int, IQueryable<TRow>>>(pageBody, db, userId, now, skip, take));
        return new Shape(count, rows);
    }

    /// <summary>
    /// Turns each read of the placeholder's properties into the compiled query's parameter of that name, and the context
    /// the query was built with, where a subquery captured it, into the compiled query's context.
    /// </summary>
    private sealed class PlaceholderReads(ListArguments placeholder, TaskDeskDbContext context, ParameterExpression db, IReadOnlyDictionary<string, ParameterExpression> parameters)
        : ExpressionVisitor
    {
        /// <summary>Whether the tree's Skip and Take were the placeholder's.</summary>
        public (bool Skip, bool Take) PagedBy { get; private set; }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(Queryable) && node.Arguments is [var source, ConstantExpression { Value: int count }])
            {
                if (node.Method.Name == nameof(Queryable.Skip) && count == placeholder.Skip)
                {
                    PagedBy = PagedBy with { Skip = true };
                    return node.Update(null, [Visit(source), parameters[nameof(ListArguments.Skip)]]);
                }

                if (node.Method.Name == nameof(Queryable.Take) && count == placeholder.Take)
                {
                    PagedBy = PagedBy with { Take = true };
                    return node.Update(null, [Visit(source), parameters[nameof(ListArguments.Take)]]);
                }
            }

            return base.VisitMethodCall(node);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Member.DeclaringType == typeof(ListArguments) && node.Expression is { } owner && ReferenceEquals(ValueOf(owner), placeholder))
            {
                return parameters[node.Member.Name];
            }

            return typeof(TaskDeskDbContext).IsAssignableFrom(node.Type) && ReferenceEquals(ValueOf(node), context) ? db : base.VisitMember(node);
        }

        // A closure's field or a constant: what C# makes of a captured variable. Anything else is not the placeholder.
        private static object? ValueOf(Expression expression) => expression switch
        {
            ConstantExpression constant => constant.Value,
            MemberExpression { Member: FieldInfo { IsStatic: true } field } => field.GetValue(null),
            MemberExpression { Member: FieldInfo field, Expression: { } inner } => ValueOf(inner) is { } owner ? field.GetValue(owner) : null,
            _ => null,
        };
    }
}
