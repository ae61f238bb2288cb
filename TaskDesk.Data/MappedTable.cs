using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace TaskDesk.Data;

/// <summary>
/// An entity type's table as hand-written SQL names it (<see cref="BulkInsert"/>, <see cref="BulkUpdate"/>,
/// <see cref="RoundRobinTurns"/>): table and column names taken from the model and delimited in the provider's
/// dialect, so a rename in a configuration follows into the SQL.
/// </summary>
internal sealed class MappedTable
{
    private readonly StoreObjectIdentifier _store;
    private readonly ISqlGenerationHelper _sql;

    private MappedTable(IEntityType type, StoreObjectIdentifier store, ISqlGenerationHelper sql)
    {
        (Type, _store, _sql) = (type, store, sql);
        Name = sql.DelimitIdentifier(store.Name, store.Schema);
    }

    public IEntityType Type { get; }

    /// <summary>The table's delimited name, with its schema if it has one.</summary>
    public string Name { get; }

    public static MappedTable Of(TaskDeskDbContext db, Type entity)
    {
        var type = db.Model.FindEntityType(entity) ?? throw new InvalidOperationException($"{entity.Name} is not an entity of the model.");
        var name = type.GetTableName() ?? throw new InvalidOperationException($"{entity.Name} is not mapped to a table.");
        return new MappedTable(type, StoreObjectIdentifier.Table(name, type.GetSchema()), db.GetService<ISqlGenerationHelper>());
    }

    /// <summary>The property of the key, which must be a single column.</summary>
    public IProperty SingleKey() =>
        Type.FindPrimaryKey()?.Properties is [var single] ? single : throw new InvalidOperationException($"{Type.ClrType.Name} needs a single-column key.");

    public IProperty Property(string name) =>
        Type.FindProperty(name) ?? throw new InvalidOperationException($"{Type.ClrType.Name} has no property {name}.");

    /// <summary>The property's delimited column name in this table.</summary>
    public string Column(IProperty property) => _sql.DelimitIdentifier(property.GetColumnName(_store)!);
}
