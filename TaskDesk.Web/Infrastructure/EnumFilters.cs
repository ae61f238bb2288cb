using System.Linq.Expressions;

namespace TaskDesk.Web.Infrastructure;

/// <summary>
/// Filters on a set of enum values the caller chose (a user's status or priority filter), written into the query as
/// constants: <c>Status IN ('New', 'InProgress')</c>. <c>chosen.Contains(x.Status)</c> makes the set a collection
/// parameter, which EF Core 10 expands into one parameter per value anew on every call, and a query holding one never
/// has its SQL cached: each call generated its SQL again, with its garbage, about a quarter of My Tasks' time (decision
/// 0014, eighth pass). As constants the set is part of the query's shape, compiled and cached once per set, and an enum
/// has few sets. <c>EF.Constant</c> does not help: EF Core 10 inlines it at that same late stage, which skips the same
/// cache. A <c>static readonly</c> array needs none of this (EF Core inlines it as a constant already), and ids and
/// other open-ended sets keep <c>Contains</c>.
/// </summary>
public static class EnumFilters
{
    /// <summary>The rows whose <paramref name="value"/> is one of <paramref name="allowed"/> (none: no row).</summary>
    public static IQueryable<T> WhereOneOf<T, TEnum>(this IQueryable<T> source, Expression<Func<T, TEnum>> value, IEnumerable<TEnum> allowed)
        where TEnum : struct, Enum =>
        source.Where(Combine(value, allowed, ExpressionType.Equal, Expression.OrElse, whenEmpty: false));

    /// <summary>The rows whose <paramref name="value"/> is none of <paramref name="excluded"/> (none: every row).</summary>
    public static IQueryable<T> WhereNoneOf<T, TEnum>(this IQueryable<T> source, Expression<Func<T, TEnum>> value, IEnumerable<TEnum> excluded)
        where TEnum : struct, Enum =>
        source.Where(Combine(value, excluded, ExpressionType.NotEqual, Expression.AndAlso, whenEmpty: true));

    private static Expression<Func<T, bool>> Combine<T, TEnum>(
        Expression<Func<T, TEnum>> value, IEnumerable<TEnum> values, ExpressionType comparison, Func<Expression, Expression, BinaryExpression> join, bool whenEmpty)
        where TEnum : struct, Enum
    {
        // As the C# compiler writes `x.Status == Status.New`: both sides converted to the enum's underlying type.
        var underlying = Enum.GetUnderlyingType(typeof(TEnum));
        var column = Expression.Convert(value.Body, underlying);
        Expression? body = null;
        foreach (var item in values.Distinct().Order())
        {
            var test = Expression.MakeBinary(comparison, column, Expression.Constant(Convert.ChangeType(item, underlying, System.Globalization.CultureInfo.InvariantCulture), underlying));
            body = body is null ? test : join(body, test);
        }

        return Expression.Lambda<Func<T, bool>>(body ?? Expression.Constant(whenEmpty), value.Parameters);
    }
}
