using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TaskDesk.Bench.Hosting;

/// <summary>A command exactly as EF Core sent it: its SQL and its parameters' values.</summary>
public sealed record CapturedCommand(string Text, IReadOnlyList<CapturedParameter> Parameters)
{
    /// <summary>Replays the commands on a plain connection of the same provider and reads every value of every row.</summary>
    public static async Task<int> ReplayAsync(DbProviderFactory factory, string connectionString, IReadOnlyList<CapturedCommand> commands, CancellationToken ct = default)
    {
        await using var connection = factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync(ct);
        var rows = 0;
        foreach (var captured in commands)
        {
            await using var command = captured.CreateCommand(connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync(ct))
            {
                reader.GetValues(values);
                rows++;
            }
        }

        return rows;
    }

    /// <summary>The same command on another connection; <paramref name="prefix"/> goes before the SQL (e.g. EXPLAIN).</summary>
    public DbCommand CreateCommand(DbConnection connection, string prefix = "")
    {
        var command = connection.CreateCommand();
        command.CommandText = prefix + Text;
        foreach (var parameter in Parameters)
        {
            var plain = command.CreateParameter();
            plain.ParameterName = parameter.Name;
            plain.DbType = parameter.Type;
            plain.Value = parameter.Value;
            command.Parameters.Add(plain);
        }

        return command;
    }

    /// <summary>The SQL with its parameters' values, for people to read (and to paste into a database shell).</summary>
    public override string ToString() =>
        string.Join(Environment.NewLine, Parameters.Select(p => $"-- {p.Name} = {p.Value}")) + Environment.NewLine + Text;
}

public sealed record CapturedParameter(string Name, DbType Type, object Value);

/// <summary>
/// Records the commands EF Core sends for work done inside <see cref="CaptureAsync"/>, through EF Core's diagnostic
/// events. The subscription lasts as long as this object, because EF Core caches whether anyone listens for up to a
/// second (its logging cache time): a listener added at the start of each call was missed by most calls, which then
/// replayed no SQL at all. Outside a capture a command costs one event that is dropped at once, on the service's side
/// of the comparison only.
/// </summary>
public sealed class SqlCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    /// <summary>EF Core's default logging cache time, with a margin: how long a new listener may go unnoticed.</summary>
    private static readonly TimeSpan LoggingCacheTime = TimeSpan.FromSeconds(1.2);

    private readonly AsyncLocal<List<CapturedCommand>?> _current = new();
    private readonly List<IDisposable> _subscriptions = [];

    private SqlCapture()
    {
    }

    /// <summary>Listens from now on; returns once EF Core has surely noticed.</summary>
    public static async Task<SqlCapture> StartAsync()
    {
        var capture = new SqlCapture();
        capture._subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(capture));
        await Task.Delay(LoggingCacheTime);
        return capture;
    }

    /// <summary>The commands the work sent; none is an error (the capture missed them, and a replay would measure nothing).</summary>
    public async Task<List<CapturedCommand>> CaptureAsync(Func<Task> work)
    {
        var commands = new List<CapturedCommand>();
        _current.Value = commands;
        try
        {
            await work();
        }
        finally
        {
            _current.Value = null;
        }

        return commands.Count > 0 ? commands : throw new InvalidOperationException("No SQL was captured for a call that queries the database.");
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this, name => name == RelationalEventId.CommandExecuting.Name));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is CommandEventData data && _current.Value is { } commands)
        {
            var parameters = data.Command.Parameters.Cast<DbParameter>()
                .Select(p => new CapturedParameter(p.ParameterName, p.DbType, p.Value ?? DBNull.Value))
                .ToList();
            commands.Add(new CapturedCommand(data.Command.CommandText, parameters));
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
            _subscriptions.Clear();
        }
    }
}
