using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoanService.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EventDrivenClose : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CreditLines_Status_LastClosedDate",
                table: "CreditLines");

            migrationBuilder.AddColumn<decimal>(
                name: "AccruedBefore",
                table: "JournalEntries",
                type: "TEXT",
                precision: 30,
                scale: 16,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<DateOnly>(
                name: "AccruedThrough",
                table: "CreditLines",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateOnly>(
                name: "NextEventDate",
                table: "CreditLines",
                type: "TEXT",
                nullable: true);

            // Until now every line was closed every night, so its 积数 hold every closed day; each open
            // line's next close looks at it and finds its next event. History stays as it was recorded.
            migrationBuilder.Sql("""
                UPDATE "CreditLines" SET "AccruedThrough" = "LastClosedDate"
                """);
            migrationBuilder.Sql("""
                UPDATE "CreditLines" SET "NextEventDate" = date("LastClosedDate", '+1 day')
                WHERE "Status" NOT IN ('Closed', 'Renewed')
                """);

            migrationBuilder.CreateIndex(
                name: "IX_CreditLines_NextEventDate_Id",
                table: "CreditLines",
                columns: new[] { "NextEventDate", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CreditLines_NextEventDate_Id",
                table: "CreditLines");

            migrationBuilder.DropColumn(
                name: "AccruedBefore",
                table: "JournalEntries");

            migrationBuilder.DropColumn(
                name: "AccruedThrough",
                table: "CreditLines");

            migrationBuilder.DropColumn(
                name: "NextEventDate",
                table: "CreditLines");

            migrationBuilder.CreateIndex(
                name: "IX_CreditLines_Status_LastClosedDate",
                table: "CreditLines",
                columns: new[] { "Status", "LastClosedDate" });
        }
    }
}
