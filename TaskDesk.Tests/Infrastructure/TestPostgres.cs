using System.Security.Cryptography;
using System.Text;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaskDesk.Data.PostgreSql;
using TaskDesk.Web.Infrastructure;

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
        if (!Exists(connection, database))
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            create.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// A database with TaskDesk's schema and Hangfire's already in place, as the app's start-up leaves a new one: a copy
    /// of a template migrated once (<c>CREATE DATABASE … TEMPLATE</c>), so each app's start-up finds nothing to apply
    /// instead of running every migration and Hangfire's install scripts again — most of an app's start on PostgreSQL.
    /// Tests of what start-up does to an empty database use <see cref="CreateDatabaseIfMissing"/>.
    /// </summary>
    public static void CreateMigratedDatabaseIfMissing(string server, string database)
    {
        var template = MigratedTemplate(server);
        using var connection = Open(server);
        if (!Exists(connection, database))
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\"", connection);
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

    private static NpgsqlConnection Open(string server, string database = "postgres")
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    private static bool Exists(NpgsqlConnection connection, string database)
    {
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        return exists.ExecuteScalar() is not null;
    }

    private static readonly Lock TemplateLock = new();
    private static readonly Dictionary<string, string> Templates = [];

    /// <summary>
    /// The template's name for this server, made on first use. It is named after the migrations and Hangfire's version,
    /// so a cluster kept between runs (a developer's) reuses it until either changes. It is built under another name
    /// and renamed when complete, and under an advisory lock, so two test processes never build it twice or use half of one.
    /// </summary>
    private static string MigratedTemplate(string server)
    {
        lock (TemplateLock)
        {
            if (Templates.TryGetValue(server, out var known))
            {
                return known;
            }

            using var context = ContextOn(new NpgsqlConnectionStringBuilder(server) { Database = "taskdesk_unused", Pooling = false }.ConnectionString);
            var version = string.Join(",", context.Database.GetMigrations()) + "," + typeof(PostgreSqlStorage).Assembly.GetName().Version;
            var template = "taskdesk_template_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(version)))[..16];

            using var connection = Open(server);
            using (var locked = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('taskdesk tests: migrated template'))", connection))
            {
                locked.ExecuteNonQuery();
            }

            if (!Exists(connection, template))
            {
                var building = template + "_building";
                Execute(connection, $"DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)");
                Execute(connection, $"CREATE DATABASE \"{building}\"");
                var target = new NpgsqlConnectionStringBuilder(server) { Database = building, Pooling = false }.ConnectionString;
                using (var migrating = ContextOn(target))
                {
                    migrating.Database.Migrate();
                }

                using (var jobs = Open(server, building))
                {
                    PostgreSqlObjectsInstaller.Install(jobs, JobStorageSetup.Schema);
                }

                Execute(connection, $"ALTER DATABASE \"{building}\" RENAME TO \"{template}\"");
            }

            Templates[server] = template;
            return template;
        }
    }

    private static PostgreSqlTaskDeskDbContext ContextOn(string connectionString)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlTaskDeskDbContext>();
        PostgreSqlTaskDeskDbContext.Configure(options, connectionString);
        return new PostgreSqlTaskDeskDbContext(options.Options);
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
