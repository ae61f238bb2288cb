using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TaskDesk.Data.Sqlite;
using TaskDesk.Domain.Tickets;

namespace TaskDesk.Tests.Data;

/// <summary>
/// Upgrading a SQLite database that already holds tickets to the trigram search (decision 0016): the migration indexes
/// the tickets that were there, and going back down removes the index and its triggers, leaving the tickets.
/// </summary>
public sealed class TicketSearchMigrationTests : IDisposable
{
    private const string Before = "20261123173655_TaskCreatedAtIndex";

    private readonly string _folder = Directory.CreateTempSubdirectory("taskdesk-search-migration-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task TicketsStoredBeforeTheMigration_AreFoundThroughTheIndexAfterIt_AndDownRemovesIt()
    {
        await using var db = Context();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(Before);
        var now = DateTimeOffset.UtcNow;
        db.Tickets.Add(new Ticket(new TicketContent("OLD-1", "Docking station reboots", "At night", "IT", "Hardware", "", TicketPriority.Medium, "Ann", "ann@tests.local", now), now));
        db.Tickets.Add(new Ticket(new TicketContent("OLD-2", "Printer jam", "Tray two", "IT", "Hardware", "", TicketPriority.Low, "Ann", "ann@tests.local", now), now));
        await db.SaveChangesAsync();
        var docking = await db.Tickets.Where(t => t.TicketNumber == "OLD-1").Select(t => t.Id).SingleAsync();

        await migrator.MigrateAsync();

        Assert.Equal([docking], await MatchesAsync(db, "\"KING STAT\""));
        Assert.Equal(2, (await MatchesAsync(db, "\"old-\"")).Count);

        await migrator.MigrateAsync(Before);

        var left = await db.Database.SqlQueryRaw<string>("""SELECT name AS "Value" FROM sqlite_master WHERE name LIKE 'TicketSearch%'""").ToListAsync();
        Assert.Empty(left);
        Assert.Equal(2, await db.Tickets.CountAsync());
    }

    private SqliteTaskDeskDbContext Context()
    {
        var options = new DbContextOptionsBuilder<SqliteTaskDeskDbContext>();
        SqliteTaskDeskDbContext.Configure(options, $"Data Source={Path.Combine(_folder, "taskdesk.db")}");
        return new SqliteTaskDeskDbContext(options.Options);
    }

    private static async Task<List<int>> MatchesAsync(SqliteTaskDeskDbContext db, string phrase) =>
        await db.Database.SqlQuery<int>($"""SELECT rowid AS "Value" FROM "TicketSearch" WHERE "TicketSearch" MATCH {phrase} ORDER BY rowid""").ToListAsync();
}
