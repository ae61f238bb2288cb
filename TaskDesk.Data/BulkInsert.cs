using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace TaskDesk.Data;

/// <summary>
/// Writes many new rows of one entity type in a few multi-row <c>INSERT</c> statements, in the context's current
/// transaction, without the change tracker. For fan-outs of thousands of append-only rows (the SLA scan's emails,
/// notifications and history), where tracking each row costs far more than writing it (decision 0014). Every value
/// goes through its property's type mapping, converters included, exactly as <c>SaveChanges</c> would store it; the
/// rows are not tracked afterwards.
/// </summary>
public static class BulkInsert
{
    // SQL Server takes at most 2,100 parameters a command. SQLite finds each parameter by name with a linear search,
    // so binding a statement costs the square of its parameters: it gets short statements, prepared once and reused.
    private const int MaxParameters = 2000;
    private const int MaxSqliteParameters = 200;

    /// <summary>Inserts the rows; returns how many were written.</summary>
    public static async Task<int> InsertAsync<TEntity>(TaskDeskDbContext db, IReadOnlyCollection<TEntity> rows, CancellationToken ct = default)
        where TEntity : class
    {
        var written = 0;
        await RunAsync(db, rows, returnKeys: false, async command => written += await command.ExecuteNonQueryAsync(ct), ct);
        return written;
    }

    /// <summary>Inserts the rows and returns the keys the database generated for them (in no particular order).</summary>
    public static async Task<IReadOnlyList<long>> InsertReturningKeysAsync<TEntity>(TaskDeskDbContext db, IReadOnlyCollection<TEntity> rows, CancellationToken ct = default)
        where TEntity : class
    {
        var keys = new List<long>(rows.Count);
        await RunAsync(
            db,
            rows,
            returnKeys: true,
            async command =>
            {
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    keys.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
                }
            },
            ct);
        return keys;
    }

    private static async Task RunAsync<TEntity>(TaskDeskDbContext db, IReadOnlyCollection<TEntity> rows, bool returnKeys, Func<DbCommand, Task> execute, CancellationToken ct)
        where TEntity : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = Table.Of(db, typeof(TEntity));
        var maxParameters = db.Database.IsSqlite() ? MaxSqliteParameters : MaxParameters;
        await db.Database.OpenConnectionAsync(ct);
        DbCommand? command = null;
        try
        {
            foreach (var chunk in rows.Chunk(Math.Max(1, maxParameters / table.Columns.Count)))
            {
                // Every full chunk is the same statement: the same command runs it again, with new values.
                var sql = table.InsertSql(chunk.Length, returnKeys);
                if (command?.CommandText != sql)
                {
                    await (command?.DisposeAsync() ?? ValueTask.CompletedTask);
                    command = db.Database.GetDbConnection().CreateCommand();
                    command.CommandText = sql;
                }

                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                command.Parameters.Clear();
                var index = 0;
                foreach (var row in chunk)
                {
                    foreach (var column in table.Columns)
                    {
                        command.Parameters.Add(column.Mapping.CreateParameter(command, $"@p{index++}", column.Getter.GetClrValue(row), column.Property.IsNullable));
                    }
                }

                await execute(command);
            }
        }
        finally
        {
            await (command?.DisposeAsync() ?? ValueTask.CompletedTask);
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>An entity type's table as an insert sees it: every column it writes, so neither a generated key nor a row version (xmin, rowversion).</summary>
    private sealed record Table(string Name, IReadOnlyList<Column> Columns, string Key, bool OutputClause)
    {
        public static Table Of(TaskDeskDbContext db, Type entity)
        {
            var table = MappedTable.Of(db, entity);
            var key = table.SingleKey();
            var columns = table.Type.GetProperties()
                .Where(p => p == key ? p.ValueGenerated == ValueGenerated.Never : p.GetBeforeSaveBehavior() != PropertySaveBehavior.Ignore)
                .Select(p => p.IsShadowProperty()
                    ? throw new InvalidOperationException($"{entity.Name}.{p.Name} is a shadow property; a bulk insert reads values from the objects.")
                    : new Column(p, table.Column(p), (RelationalTypeMapping)p.GetRelationalTypeMapping(), p.GetGetter()))
                .ToList();
            return new Table(table.Name, columns, table.Column(key), db.Database.IsSqlServer());
        }

        /// <summary>
        /// <c>INSERT INTO t (a, b) VALUES (@p0, @p1), (@p2, @p3)</c>; the generated keys come back through
        /// <c>RETURNING</c> (SQLite, PostgreSQL) or <c>OUTPUT INSERTED</c> (SQL Server).
        /// </summary>
        public string InsertSql(int rows, bool returnKeys)
        {
            var text = new StringBuilder("INSERT INTO ").Append(Name).Append(" (").AppendJoin(", ", Columns.Select(c => c.Name)).Append(')');
            if (returnKeys && OutputClause)
            {
                text.Append(" OUTPUT INSERTED.").Append(Key);
            }

            text.Append(" VALUES ");
            var index = 0;
            for (var row = 0; row < rows; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                for (var column = 0; column < Columns.Count; column++)
                {
                    text.Append(column == 0 ? "" : ", ").Append("@p").Append(index++);
                }

                text.Append(')');
            }

            if (returnKeys && !OutputClause)
            {
                text.Append(" RETURNING ").Append(Key);
            }

            return text.ToString();
        }
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter);
}

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

        var table = MappedTable.Of(db, typeof(TEntity));
        var (key, target) = (table.SingleKey(), table.Property(property));
        var (tableName, keyName, columnName) = (table.Name, table.Column(key), table.Column(target));
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
