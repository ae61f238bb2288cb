using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TaskDesk.Data.Sqlite;

namespace TaskDesk.Tests.Data;

/// <summary>
/// Upgrading a SQLite database that holds rows written by since-fixed defects (<c>DataRepairs</c>): notifications and
/// emails with 0 for their new assignment's id get the assignment their move made (and the id is a foreign key from
/// then on); automatic escalations by user 0 name no user.
/// </summary>
public sealed class DataRepairMigrationTests : IDisposable
{
    private const string Before = "20261124085142_TaskTicketStatusIndex";

    private static readonly DateTimeOffset Assigned = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Moved = Assigned.AddHours(3);

    private readonly string _folder = Directory.CreateTempSubdirectory("taskdesk-assignment-keys-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task RowsWrittenWithoutTheirAssignment_GetTheOneTheirMoveMade_AndTheKeyIsEnforcedAfterwards()
    {
        await using var db = Context();
        await db.Database.OpenConnectionAsync();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(Before);

        // Rows as the app wrote them, without the users, tickets and workflows around them: keys are not checked until
        // the migration is done (the table rebuild would check the rows' other keys, to users and tasks, too).
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF");
        await AssignmentAsync(db, id: 11, taskId: 7, Assigned);
        await AssignmentAsync(db, id: 12, taskId: 7, Moved);
        await AssignmentAsync(db, id: 13, taskId: 8, Moved.AddHours(1));
        await NotificationAsync(db, id: 1, taskId: 7, taskItemId: 11, Assigned); // intake's: right already
        await NotificationAsync(db, id: 2, taskId: 7, taskItemId: 0, Moved); // the transition's
        await NotificationAsync(db, id: 3, taskId: 7, taskItemId: null, Moved.AddMinutes(5)); // task complete: none
        await NotificationAsync(db, id: 4, taskId: 9, taskItemId: 0, Moved); // a task without assignments
        await EmailAsync(db, id: 1, taskId: 7, taskItemId: 0, Moved);
        await EmailAsync(db, id: 2, taskId: 8, taskItemId: 13, Moved.AddHours(1));

        await migrator.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = ON");

        Assert.Equal([11, 12, null, null], await db.Database.SqlQueryRaw<int?>("""SELECT "TaskItemId" AS "Value" FROM "Notifications" ORDER BY "Id" """).ToListAsync());
        Assert.Equal([12, 13], await db.Database.SqlQueryRaw<int?>("""SELECT "TaskItemId" AS "Value" FROM "OutboxEmails" ORDER BY "Id" """).ToListAsync());
        var refused = await Assert.ThrowsAsync<SqliteException>(() => NotificationAsync(db, id: 5, taskId: 7, taskItemId: 99, Moved));
        Assert.Contains("FOREIGN KEY", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutomaticEscalationsByUserZero_NameNoUserAfterwards_AndOthersKeepTheirs()
    {
        await using var db = Context();
        await db.Database.OpenConnectionAsync();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(Before);
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF");
        foreach (var (id, by) in new[] { (1, 0), (2, 5) })
        {
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "TaskItemHistory" ("Id", "TaskItemId", "Status", "ByUserId", "Note", "At") VALUES ({id}, 11, 'Escalated', {by}, '', {Instant(Moved)})""");
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "TaskActivities" ("Id", "TaskId", "Kind", "ByUserId", "Note", "At") VALUES ({id}, 7, 'Escalated', {by}, '', {Instant(Moved)})""");
        }

        await migrator.MigrateAsync();

        Assert.Equal([null, 5], await db.Database.SqlQueryRaw<int?>("""SELECT "ByUserId" AS "Value" FROM "TaskItemHistory" ORDER BY "Id" """).ToListAsync());
        Assert.Equal([null, 5], await db.Database.SqlQueryRaw<int?>("""SELECT "ByUserId" AS "Value" FROM "TaskActivities" ORDER BY "Id" """).ToListAsync());
    }

    private static long Instant(DateTimeOffset value) => (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(value)!;

    private static Task AssignmentAsync(SqliteTaskDeskDbContext db, int id, int taskId, DateTimeOffset assignedOn) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "TaskItems" ("Id", "TaskId", "UserId", "RoleId", "RoleName", "AssignedOnStepId", "StepName", "Origin", "Notes", "AssignedOn", "Status")
            VALUES ({id}, {taskId}, 1, 1, 'IT Technician', 1, 'Triage', 'Workflow', '', {Instant(assignedOn)}, 'New')
            """);

    private static Task NotificationAsync(SqliteTaskDeskDbContext db, int id, int taskId, int? taskItemId, DateTimeOffset createdAt) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Notifications" ("Id", "UserId", "Kind", "TaskId", "TaskItemId", "TicketNumber", "Title", "Message", "CreatedAt")
            VALUES ({id}, 1, 'NewAssignment', {taskId}, {taskItemId}, 'TD-1', 'New Task Assignment', 'Assigned', {Instant(createdAt)})
            """);

    private static Task EmailAsync(SqliteTaskDeskDbContext db, int id, int taskId, int? taskItemId, DateTimeOffset createdAt) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "OutboxEmails" ("Id", "Attempts", "CreatedAt", "Kind", "LastError", "NextAttemptAt", "Note", "Status", "TaskId", "TaskItemId", "TicketNumber", "ToEmail", "ToUserId")
            VALUES ({id}, 0, {Instant(createdAt)}, 'NewAssignment', '', {Instant(createdAt)}, '', 'Pending', {taskId}, {taskItemId}, 'TD-1', 'tina@tests.local', 1)
            """);

    private SqliteTaskDeskDbContext Context()
    {
        var options = new DbContextOptionsBuilder<SqliteTaskDeskDbContext>();
        SqliteTaskDeskDbContext.Configure(options, $"Data Source={Path.Combine(_folder, "taskdesk.db")}");
        return new SqliteTaskDeskDbContext(options.Options);
    }
}
