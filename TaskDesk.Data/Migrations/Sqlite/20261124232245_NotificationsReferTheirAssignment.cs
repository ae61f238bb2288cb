using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskDesk.Data.Migrations.Sqlite
{
    /// <summary>
    /// Notifications and emails refer to their assignment with a foreign key, so a move's new assignment and what tells of
    /// it are saved together with its generated id; the rows written without it are repaired first.
    /// </summary>
    public partial class NotificationsReferTheirAssignment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            DataRepairs.AssignmentKeys(migrationBuilder);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxEmails_TaskItemId",
                table: "OutboxEmails",
                column: "TaskItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_TaskItemId",
                table: "Notifications",
                column: "TaskItemId");

            migrationBuilder.AddForeignKey(
                name: "FK_Notifications_TaskItems_TaskItemId",
                table: "Notifications",
                column: "TaskItemId",
                principalTable: "TaskItems",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_OutboxEmails_TaskItems_TaskItemId",
                table: "OutboxEmails",
                column: "TaskItemId",
                principalTable: "TaskItems",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Notifications_TaskItems_TaskItemId",
                table: "Notifications");

            migrationBuilder.DropForeignKey(
                name: "FK_OutboxEmails_TaskItems_TaskItemId",
                table: "OutboxEmails");

            migrationBuilder.DropIndex(
                name: "IX_OutboxEmails_TaskItemId",
                table: "OutboxEmails");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_TaskItemId",
                table: "Notifications");
        }
    }
}
