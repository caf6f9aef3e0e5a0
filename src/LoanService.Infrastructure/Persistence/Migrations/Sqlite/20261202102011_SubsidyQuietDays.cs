using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoanService.Infrastructure.Persistence.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<bool>(
                name: "SubsidyCoversExtended",
                table: "CreditLines",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SubsidyEndDate",
                table: "CreditLines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SubsidyStartDate",
                table: "CreditLines",
                type: "TEXT",
                nullable: true);

            // Lines enrolled before: their programme's dates and coverage, which the closed form reads from the line.
            migrationBuilder.Sql("""
                UPDATE "CreditLines" SET "SubsidyStartDate" = (SELECT p."StartDate" FROM "SubsidyPrograms" AS p WHERE p."Id" = "CreditLines"."SubsidyProgramId"), "SubsidyEndDate" = (SELECT p."EndDate" FROM "SubsidyPrograms" AS p WHERE p."Id" = "CreditLines"."SubsidyProgramId"), "SubsidyCoversExtended" = COALESCE((SELECT p."CoversExtendedLines" FROM "SubsidyPrograms" AS p WHERE p."Id" = "CreditLines"."SubsidyProgramId"), 0) WHERE "SubsidyProgramId" IS NOT NULL;
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
