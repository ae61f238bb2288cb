using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskDesk.Data.Migrations.SqlServer
{
    /// <summary>The SLA scan's automatic escalations name no user as who escalated, instead of user 0 (no model change).</summary>
    public partial class AutomaticEscalationsNameNoUser : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            DataRepairs.AutomaticEscalationActors(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: null is what these rows should always have said.
        }
    }
}
