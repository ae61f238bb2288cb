using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskDesk.Data.Migrations.PostgreSql
{
    /// <summary>
    /// Trigram indexes over the tickets' searchable text (decision 0016): GIN with pg_trgm's operator class on lower(…)
    /// of each column, the expression the search compares with LIKE, so a substring test reads the index instead of
    /// every ticket. Not in the EF model: EF cannot describe an index on an expression.
    /// </summary>
    public partial class TicketSearchTrigramIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A trusted extension since PostgreSQL 13: a database owner may create it without being a superuser.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("""CREATE INDEX "IX_Tickets_TicketNumber_Trigram" ON "Tickets" USING gin (lower("TicketNumber") gin_trgm_ops);""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Tickets_Subject_Trigram" ON "Tickets" USING gin (lower("Subject") gin_trgm_ops);""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Tickets_Description_Trigram" ON "Tickets" USING gin (lower("Description") gin_trgm_ops);""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Tickets_Description_Trigram";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Tickets_Subject_Trigram";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Tickets_TicketNumber_Trigram";""");

            // The extension stays: it may have been there before, and other objects of the database may use it.
        }
    }
}
