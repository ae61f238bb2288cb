using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaskDesk.Data.Migrations.Sqlite
{
    /// <summary>
    /// A trigram index over the tickets' searchable text (decision 0016): an external-content FTS5 table, so the text
    /// is stored once, in Tickets, and the index alone lives in TicketSearch. Triggers keep it in step with every
    /// insert, update and delete, whoever writes (EF, the bench's bulk loader, a hand-run script); the rebuild
    /// indexes the tickets already there. Not in the EF model: a virtual table is nothing EF can map or diff.
    /// </summary>
    public partial class TicketSearchTrigramIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "TicketSearch" USING fts5(
                    "TicketNumber", "Subject", "Description",
                    content = 'Tickets', content_rowid = 'Id', tokenize = 'trigram');
                """);

            migrationBuilder.Sql("""
                CREATE TRIGGER "TicketSearch_AfterInsert" AFTER INSERT ON "Tickets" BEGIN
                    INSERT INTO "TicketSearch" (rowid, "TicketNumber", "Subject", "Description")
                    VALUES (new."Id", new."TicketNumber", new."Subject", new."Description");
                END;
                """);

            // Only when the text changes: marking a ticket matched must not rewrite its index entries.
            migrationBuilder.Sql("""
                CREATE TRIGGER "TicketSearch_AfterUpdate" AFTER UPDATE OF "Id", "TicketNumber", "Subject", "Description" ON "Tickets" BEGIN
                    INSERT INTO "TicketSearch" ("TicketSearch", rowid, "TicketNumber", "Subject", "Description")
                    VALUES ('delete', old."Id", old."TicketNumber", old."Subject", old."Description");
                    INSERT INTO "TicketSearch" (rowid, "TicketNumber", "Subject", "Description")
                    VALUES (new."Id", new."TicketNumber", new."Subject", new."Description");
                END;
                """);

            migrationBuilder.Sql("""
                CREATE TRIGGER "TicketSearch_AfterDelete" AFTER DELETE ON "Tickets" BEGIN
                    INSERT INTO "TicketSearch" ("TicketSearch", rowid, "TicketNumber", "Subject", "Description")
                    VALUES ('delete', old."Id", old."TicketNumber", old."Subject", old."Description");
                END;
                """);

            migrationBuilder.Sql("""INSERT INTO "TicketSearch" ("TicketSearch") VALUES ('rebuild');""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "TicketSearch_AfterDelete";""");
            migrationBuilder.Sql("""DROP TRIGGER "TicketSearch_AfterUpdate";""");
            migrationBuilder.Sql("""DROP TRIGGER "TicketSearch_AfterInsert";""");
            migrationBuilder.Sql("""DROP TABLE "TicketSearch";""");
        }
    }
}
