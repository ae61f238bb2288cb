using Npgsql;

namespace TaskDesk.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL server the integration tests run on as well as SQLite (scripts/test.sh starts one in a temporary
/// folder and names it in <see cref="Variable"/>). Each app gets a database of its own, created here and dropped after.
/// </summary>
public static class TestPostgres
{
    /// <summary>A connection string to the server without a database, e.g. <c>Host=127.0.0.1;Port=5433;Username=postgres</c>.</summary>
    public const string Variable = "TASKDESK_TEST_POSTGRES";

    /// <summary>The trait of tests that run on every database: the second run of scripts/test.sh takes these on PostgreSQL.</summary>
    public const string Integration = "Integration";

    /// <summary>The trait of tests that need a server database whatever the run (several processes on one database).</summary>
    public const string RequiresServer = "PostgreSql";

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server ? server : null;

    /// <summary>The server, or a clear failure for tests that need it whatever the run.</summary>
    public static string RequiredServer => Server
        ?? throw new InvalidOperationException($"This test needs a PostgreSQL server named in {Variable}: run scripts/test.sh, which starts one.");

    public static string ConnectionString(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

    /// <summary>A database name for a test folder: the folder names are unique, and PostgreSQL folds names to lower case.</summary>
    public static string DatabaseNameFor(string folder) =>
        "taskdesk_" + new string(Path.GetFileName(folder).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    public static void CreateDatabaseIfMissing(string server, string database)
    {
        using var connection = Open(server);
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (exists.ExecuteScalar() is null)
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            create.ExecuteNonQuery();
        }
    }

    public static void DropDatabase(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = Open(server);
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    private static NpgsqlConnection Open(string server)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }
}
