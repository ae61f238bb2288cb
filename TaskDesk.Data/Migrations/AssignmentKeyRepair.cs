using Microsoft.EntityFrameworkCore.Migrations;

namespace TaskDesk.Data.Migrations;

/// <summary>
/// Before notifications and emails refer to their assignment with a foreign key: the assignments a move created were
/// saved with 0 in place of their id (the notifier read it before the save generated it). Such a row gets the task's
/// newest assignment made at or before it was written (the move made both at the same instant), or none. The same SQL
/// for every provider: quoted names, and instants that compare in time order in each (SQLite keeps UTC instants as
/// numbers that do).
/// </summary>
public static class AssignmentKeyRepair
{
    public static void Run(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "Notifications", "OutboxEmails" })
        {
            migrationBuilder.Sql($"""
                UPDATE "{table}" SET "TaskItemId" = (
                    SELECT MAX(i."Id") FROM "TaskItems" i
                    WHERE i."TaskId" = "{table}"."TaskId" AND i."AssignedOn" <= "{table}"."CreatedAt")
                WHERE "TaskItemId" = 0 OR "TaskItemId" NOT IN (SELECT "Id" FROM "TaskItems");
                """);
        }
    }
}
