using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace TaskDesk.Data;

/// <summary>
/// Sets one column of many rows, each row to a value of its own, in a few statements:
/// <c>UPDATE t SET c = CASE Id WHEN @k0 THEN @v0 WHEN @k1 THEN @v1 … END WHERE Id IN (@k0, @k1, …) AND c IS NULL</c>.
/// For values computed in C# that SQL cannot compute the same way on every provider (the SLA scan's warning times:
/// SQLite stores instants as text and cannot do their arithmetic). Values go through the property's type mapping,
/// converters included, as <c>SaveChanges</c> would store them; rows whose column is already set are left alone.
/// </summary>
public static class BulkUpdate
{
    // Each row takes two parameters. SQLite binds parameters by a linear search of their names (see BulkInsert).
    private const int MaxRows = 1000;
    private const int MaxSqliteRows = 100;

    /// <summary>Sets <paramref name="property"/> of each keyed row whose value is still null; returns how many rows changed.</summary>
    public static async Task<int> FillNullAsync<TEntity, TKey, TValue>(
        TaskDeskDbContext db, string property, IReadOnlyCollection<(TKey Key, TValue Value)> rows, CancellationToken ct = default)
        where TEntity : class
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var type = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not an entity of the model.");
        var table = type.GetTableName() ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped to a table.");
        var store = StoreObjectIdentifier.Table(table, type.GetSchema());
        var key = type.FindPrimaryKey()?.Properties is [var single] ? single : throw new InvalidOperationException($"{typeof(TEntity).Name} needs a single-column key.");
        var target = type.FindProperty(property) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} has no property {property}.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var (tableName, keyName, columnName) = (sql.DelimitIdentifier(table, type.GetSchema()), sql.DelimitIdentifier(key.GetColumnName(store)!), sql.DelimitIdentifier(target.GetColumnName(store)!));
        var (keyMapping, valueMapping) = ((RelationalTypeMapping)key.GetRelationalTypeMapping(), (RelationalTypeMapping)target.GetRelationalTypeMapping());

        var changed = 0;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var chunk in rows.Chunk(db.Database.IsSqlite() ? MaxSqliteRows : MaxRows))
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                var text = new StringBuilder("UPDATE ").Append(tableName).Append(" SET ").Append(columnName).Append(" = CASE ").Append(keyName);
                for (var i = 0; i < chunk.Length; i++)
                {
                    text.Append(" WHEN @k").Append(i).Append(" THEN @v").Append(i);
                    command.Parameters.Add(keyMapping.CreateParameter(command, $"@k{i}", chunk[i].Key, nullable: false));
                    command.Parameters.Add(valueMapping.CreateParameter(command, $"@v{i}", chunk[i].Value, target.IsNullable));
                }

                text.Append(" END WHERE ").Append(keyName).Append(" IN (").AppendJoin(", ", Enumerable.Range(0, chunk.Length).Select(i => $"@k{i}"))
                    .Append(") AND ").Append(columnName).Append(" IS NULL");
                command.CommandText = text.ToString();
                changed += await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return changed;
    }
}
