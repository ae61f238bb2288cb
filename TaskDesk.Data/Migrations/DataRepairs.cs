using Microsoft.EntityFrameworkCore.Migrations;

namespace TaskDesk.Data.Migrations;

/// <summary>
/// Repairs of rows that defects wrote, run by the migrations of every provider: the same SQL for all three (quoted names,
/// instants that compare in time order in each; SQLite keeps UTC instants as numbers that do).
/// </summary>
public static class DataRepairs
{
    /// <summary>
    /// Before notifications and emails refer to their assignment with a foreign key: the assignments a move created were
    /// saved with 0 in place of their id (the notifier read it before the save generated it). Such a row gets the task's
    /// newest assignment made at or before it was written (the move made both at the same instant), or none.
    /// </summary>
    public static void AssignmentKeys(MigrationBuilder migrationBuilder)
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

    /// <summary>
    /// The SLA scan's automatic escalations recorded user 0 as who escalated, in the assignment's history and the task's
    /// activity; nobody did, which is null (as the scan's breach entries are). No user has the id 0.
    /// </summary>
    public static void AutomaticEscalationActors(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "TaskItemHistory", "TaskActivities" })
        {
            migrationBuilder.Sql($"""UPDATE "{table}" SET "ByUserId" = NULL WHERE "ByUserId" = 0;""");
        }
    }
}
