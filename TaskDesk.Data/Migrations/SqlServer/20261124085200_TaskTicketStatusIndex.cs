using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskDesk.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TaskTicketStatusIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Tasks_TicketId_Status_CreatedAt",
                table: "Tasks",
                columns: new[] { "TicketId", "Status", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_TicketId_Status_CreatedAt",
                table: "Tasks");
        }
    }
}
