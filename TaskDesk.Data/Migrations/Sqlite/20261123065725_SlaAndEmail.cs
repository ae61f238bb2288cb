using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskDesk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SlaAndEmail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "EscalateOnBreach",
                table: "Workflows",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "BreachedAt",
                table: "Tasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EndLogicAttempts",
                table: "Tasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "EndLogicDoneAt",
                table: "Tasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndLogicError",
                table: "Tasks",
                type: "TEXT",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "WarnAt",
                table: "Tasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "WarnedAt",
                table: "Tasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BreachedAt",
                table: "TaskItems",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "WarnAt",
                table: "TaskItems",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "WarnedAt",
                table: "TaskItems",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ClaimedUntil",
                table: "OutboxEmails",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EmailOptOuts",
                columns: table => new
                {
                    UserId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmailOptOuts", x => new { x.UserId, x.Kind });
                    table.ForeignKey(
                        name: "FK_EmailOptOuts_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_EndLogicPending",
                table: "Tasks",
                column: "EndLogicPending");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Status_TargetResolution",
                table: "Tasks",
                columns: new[] { "Status", "TargetResolution" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Status_WarnAt",
                table: "Tasks",
                columns: new[] { "Status", "WarnAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskItems_Status_WarnAt",
                table: "TaskItems",
                columns: new[] { "Status", "WarnAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EmailOptOuts");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_EndLogicPending",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_Status_TargetResolution",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_Status_WarnAt",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_TaskItems_Status_WarnAt",
                table: "TaskItems");

            migrationBuilder.DropColumn(
                name: "EscalateOnBreach",
                table: "Workflows");

            migrationBuilder.DropColumn(
                name: "BreachedAt",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "EndLogicAttempts",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "EndLogicDoneAt",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "EndLogicError",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "WarnAt",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "WarnedAt",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "BreachedAt",
                table: "TaskItems");

            migrationBuilder.DropColumn(
                name: "WarnAt",
                table: "TaskItems");

            migrationBuilder.DropColumn(
                name: "WarnedAt",
                table: "TaskItems");

            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "OutboxEmails");
        }
    }
}
