using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TaskDesk.Data;

namespace TaskDesk.Bench.Data;

/// <summary>
/// Plain prepared ADO.NET commands for one entity type's table. Table, columns and value conversions come from the
/// app's EF Core model, so the rows are exactly what the app would store (enums as strings, instants as the provider
/// keeps them) and a column another change adds is written too; executing them involves no EF Core at all.
/// </summary>
public sealed class Rows<T> : IDisposable
    where T : class
{
    private readonly DbCommand _command;
    private readonly Column[] _columns;
    private readonly Column[] _where;

    private Rows(DbCommand command, Column[] columns, Column[] where)
    {
        _command = command;
        _columns = columns;
        _where = where;
    }

    /// <summary>INSERT with every mapped column, the key included: the caller gives ids (see <see cref="Members"/>).</summary>
    public static Rows<T> Inserter(TaskDeskDbContext db, DbConnection connection, DbTransaction? transaction)
    {
        var (table, columns) = Describe(db);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var all = columns.Select((c, i) => Bind(command, c.Property, c.Name, $"@p{i}")).ToArray();
        command.CommandText =
            $"INSERT INTO {Quote(table)} ({string.Join(", ", all.Select(c => Quote(c.Name)))}) VALUES ({string.Join(", ", all.Select(c => c.Parameter.ParameterName))})";
        command.Prepare();
        return new Rows<T>(command, all, []);
    }

    /// <summary>UPDATE of every non-key column by key, and by the concurrency tokens' old values as EF Core would check them.</summary>
    public static Rows<T> Updater(TaskDeskDbContext db, DbConnection connection, DbTransaction? transaction)
    {
        var (table, columns) = Describe(db);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var set = columns.Where(c => !c.Property.IsPrimaryKey()).Select((c, i) => Bind(command, c.Property, c.Name, $"@s{i}")).ToArray();
        var where = columns.Where(c => c.Property.IsPrimaryKey() || c.Property.IsConcurrencyToken).Select((c, i) => Bind(command, c.Property, c.Name, $"@w{i}")).ToArray();
        command.CommandText =
            $"UPDATE {Quote(table)} SET {string.Join(", ", set.Select(c => $"{Quote(c.Name)} = {c.Parameter.ParameterName}"))} " +
            $"WHERE {string.Join(" AND ", where.Select(c => $"{Quote(c.Name)} = {c.Parameter.ParameterName}"))}";
        command.Prepare();
        return new Rows<T>(command, set, where);
    }

    /// <summary>The transaction the next writes belong to (a plain ADO.NET command must name it).</summary>
    public DbTransaction? Transaction
    {
        set => _command.Transaction = value;
    }

    public void Write(T entity)
    {
        Fill(entity);
        _command.ExecuteNonQuery();
    }

    /// <summary>Writes an update; <paramref name="original"/> gives the key and concurrency tokens as they were read. False when no row matched.</summary>
    public bool Update(T entity, T original)
    {
        Fill(entity);
        foreach (var column in _where)
        {
            column.Parameter.Value = column.Read(original);
        }

        return _command.ExecuteNonQuery() == 1;
    }

    public void Dispose() => _command.Dispose();

    private void Fill(T entity)
    {
        foreach (var column in _columns)
        {
            column.Parameter.Value = column.Read(entity);
        }
    }

    private static (string Table, List<(IProperty Property, string Name)> Columns) Describe(TaskDeskDbContext db) =>
        RowColumns.Of(db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in TaskDesk's model."));

    private static Column Bind(DbCommand command, IProperty property, string column, string parameterName)
    {
        var mapping = (RelationalTypeMapping)property.GetTypeMapping();
        var parameter = mapping.CreateParameter(command, parameterName, null, property.IsNullable);
        command.Parameters.Add(parameter);
        return new Column(property, column, parameter, mapping.Converter, property.IsShadowProperty() ? null : property.GetGetter());
    }

    private static string Quote(string identifier) => $"\"{identifier}\"";

    private sealed record Column(IProperty Property, string Name, DbParameter Parameter, ValueConverter? Converter, IClrPropertyGetter? Getter)
    {
        public object Read(T entity)
        {
            var value = Getter is null ? Default() : Getter.GetClrValueUsingContainingEntity(entity);
            if (value is not null && Converter is not null)
            {
                value = Converter.ConvertToProvider(value);
            }

            return value ?? DBNull.Value;
        }

        /// <summary>A shadow property has no value on the object: null where allowed, else the type's empty value.</summary>
        private object? Default()
        {
            if (Property.IsNullable)
            {
                return null;
            }

            return Property.ClrType == typeof(string) ? "" : Activator.CreateInstance(Property.ClrType);
        }
    }
}

/// <summary>
/// Sets what EF Core would set on save — generated ids and the foreign keys it fixes up from navigations — on the
/// domain's objects, whose setters are private, so the bench can write them itself.
/// </summary>
public static class Members
{
    public static Action<T, TValue> Setter<T, TValue>(string property)
    {
        var info = typeof(T).GetProperty(property, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no property {property}.");
        var target = Expression.Parameter(typeof(T));
        var value = Expression.Parameter(typeof(TValue));
        var setter = info.SetMethod ?? throw new InvalidOperationException($"{typeof(T).Name}.{property} has no setter.");
        return Expression.Lambda<Action<T, TValue>>(Expression.Call(target, setter, Expression.Convert(value, info.PropertyType)), target, value).Compile();
    }
}

/// <summary>How an entity of TaskDesk's model maps to its table, for the bench's plain SQL.</summary>
public static class RowColumns
{
    /// <summary>
    /// The entity's table and the columns a write fills. Columns the database computes on every write (a row version:
    /// PostgreSQL's <c>xmin</c>, SQL Server's <c>rowversion</c>) are the database's to fill.
    /// </summary>
    public static (string Table, List<(IProperty Property, string Name)> Columns) Of(IEntityType entityType)
    {
        var table = entityType.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        var columns = entityType.GetProperties()
            .Where(p => p.ValueGenerated != ValueGenerated.OnAddOrUpdate && p.GetComputedColumnSql() is null)
            .Select(p => (Property: p, Name: p.GetColumnName(store)))
            .Where(c => c.Name is not null)
            .Select(c => (c.Property, c.Name!))
            .ToList();
        return (table, columns);
    }
}
