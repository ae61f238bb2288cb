using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskDesk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EndLogicSchedule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_EndLogicPending",
                table: "Tasks");

            migrationBuilder.AddColumn<long>(
                name: "EndLogicClaimedUntil",
                table: "Tasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EndLogicFailedAt",
                table: "Tasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EndLogicNextAttemptAt",
                table: "Tasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_EndLogicPending_EndLogicNextAttemptAt",
                table: "Tasks",
                columns: new[] { "EndLogicPending", "EndLogicNextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_EndLogicPending_EndLogicNextAttemptAt",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "EndLogicClaimedUntil",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "EndLogicFailedAt",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "EndLogicNextAttemptAt",
                table: "Tasks");

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_EndLogicPending",
                table: "Tasks",
                column: "EndLogicPending");
        }
    }
}
