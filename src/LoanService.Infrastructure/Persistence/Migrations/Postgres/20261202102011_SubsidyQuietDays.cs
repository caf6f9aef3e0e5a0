using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoanService.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SubsidyQuietDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Days",
                table: "SubsidyAccruals",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<bool>(
                name: "SubsidyCoversExtended",
                table: "CreditLines",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SubsidyEndDate",
                table: "CreditLines",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SubsidyStartDate",
                table: "CreditLines",
                type: "date",
                nullable: true);

            // Lines enrolled before: their programme's dates and coverage, which the closed form reads from the line.
            migrationBuilder.Sql("""
                UPDATE "CreditLines" AS l SET "SubsidyStartDate" = p."StartDate", "SubsidyEndDate" = p."EndDate", "SubsidyCoversExtended" = p."CoversExtendedLines" FROM "SubsidyPrograms" AS p WHERE p."Id" = l."SubsidyProgramId";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Days",
                table: "SubsidyAccruals");

            migrationBuilder.DropColumn(
                name: "SubsidyCoversExtended",
                table: "CreditLines");

            migrationBuilder.DropColumn(
                name: "SubsidyEndDate",
                table: "CreditLines");

            migrationBuilder.DropColumn(
                name: "SubsidyStartDate",
                table: "CreditLines");
        }
    }
}
