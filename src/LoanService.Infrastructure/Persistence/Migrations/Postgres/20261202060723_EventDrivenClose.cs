using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoanService.Infrastructure.Persistence.Migrations.Postgres
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
                type: "numeric(30,16)",
                precision: 30,
                scale: 16,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<DateOnly>(
                name: "AccruedThrough",
                table: "CreditLines",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateOnly>(
                name: "NextEventDate",
                table: "CreditLines",
                type: "date",
                nullable: true);

            // Until now every line was closed every night, so its 积数 hold every closed day; each open
            // line's next close looks at it and finds its next event. History stays as it was recorded.
            migrationBuilder.Sql("""
                UPDATE "CreditLines" SET "AccruedThrough" = "LastClosedDate"
                """);
            migrationBuilder.Sql("""
                UPDATE "CreditLines" SET "NextEventDate" = "LastClosedDate" + 1
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
