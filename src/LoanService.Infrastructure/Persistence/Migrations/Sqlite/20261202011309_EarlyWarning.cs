using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoanService.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <summary>
    /// Early warning (即时发现即时帮扶): warnings, the cases that collect them and every change of a case, the
    /// dates whose close computed them; on the lines, the columns the close selects them by (a line overdue
    /// before this migration gets them at its next close); on the borrowers, the agreement to be known by name.
    /// Made by scripts/add-migration.
    /// </summary>
    public partial class EarlyWarning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BillRecord",
                table: "CreditLines",
                type: "TEXT",
                maxLength: 150,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<decimal>(
                name: "OverdueAmount",
                table: "CreditLines",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<DateOnly>(
                name: "OverdueSince",
                table: "CreditLines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "NameDisclosureAgreed",
                table: "Borrowers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NameDisclosureRecordedOn",
                table: "Borrowers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WarningCases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BorrowerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CooperativeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OpenedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    HelperName = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    HelperPost = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    LastHelpedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ResolvedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ResolutionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ResolvedByDepartment = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WarningCases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Warnings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LineId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BorrowerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CooperativeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgramId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    ArisenOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ClearedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AmountOverdue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    DaysPastDue = table.Column<int>(type: "INTEGER", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Warnings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WarningScans",
                columns: table => new
                {
                    BusinessDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ScannedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LinesRead = table.Column<int>(type: "INTEGER", nullable: false),
                    Raised = table.Column<int>(type: "INTEGER", nullable: false),
                    Cleared = table.Column<int>(type: "INTEGER", nullable: false),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WarningScans", x => x.BusinessDate);
                });

            migrationBuilder.CreateTable(
                name: "WarningCaseChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    BusinessDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    HelperName = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    HelperPost = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    HelpDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WarningCaseChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WarningCaseChanges_WarningCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "WarningCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CreditLines_OverdueSince",
                table: "CreditLines",
                column: "OverdueSince");

            migrationBuilder.CreateIndex(
                name: "IX_WarningCaseChanges_CaseId",
                table: "WarningCaseChanges",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_WarningCases_BorrowerId",
                table: "WarningCases",
                column: "BorrowerId");

            migrationBuilder.CreateIndex(
                name: "IX_WarningCases_DepartmentId_State",
                table: "WarningCases",
                columns: new[] { "DepartmentId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Warnings_CaseId",
                table: "Warnings",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Warnings_ClearedOn",
                table: "Warnings",
                column: "ClearedOn");

            migrationBuilder.CreateIndex(
                name: "IX_Warnings_CooperativeId",
                table: "Warnings",
                column: "CooperativeId");

            migrationBuilder.CreateIndex(
                name: "IX_Warnings_LineId_Kind_ArisenOn",
                table: "Warnings",
                columns: new[] { "LineId", "Kind", "ArisenOn" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WarningCaseChanges");

            migrationBuilder.DropTable(
                name: "Warnings");

            migrationBuilder.DropTable(
                name: "WarningScans");

            migrationBuilder.DropTable(
                name: "WarningCases");

            migrationBuilder.DropIndex(
                name: "IX_CreditLines_OverdueSince",
                table: "CreditLines");

            migrationBuilder.DropColumn(
                name: "BillRecord",
                table: "CreditLines");

            migrationBuilder.DropColumn(
                name: "OverdueAmount",
                table: "CreditLines");

            migrationBuilder.DropColumn(
                name: "OverdueSince",
                table: "CreditLines");

            migrationBuilder.DropColumn(
                name: "NameDisclosureAgreed",
                table: "Borrowers");

            migrationBuilder.DropColumn(
                name: "NameDisclosureRecordedOn",
                table: "Borrowers");
        }
    }
}
