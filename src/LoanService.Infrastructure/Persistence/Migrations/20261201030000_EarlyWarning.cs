using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LoanService.Infrastructure.Persistence.Migrations;

/// <summary>
/// Early warning (即时发现即时帮扶): warnings, the cases that collect them and every change of a case,
/// the dates whose close computed them; on the lines, the columns the close selects them by; on the
/// borrowers, the agreement to be known by name to the department.
/// </summary>
[DbContext(typeof(LoanServiceDbContext))]
[Migration("20261201030000_EarlyWarning")]
public sealed class EarlyWarning : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("BillRecord", "CreditLines", maxLength: 150, nullable: false, defaultValue: "");
        m.AddColumn<DateOnly>("OverdueSince", "CreditLines", nullable: true);
        m.AddColumn<decimal>("OverdueAmount", "CreditLines", precision: 18, scale: 2, nullable: false, defaultValue: 0m);
        m.CreateIndex("IX_CreditLines_OverdueSince", "CreditLines", "OverdueSince");
        // Lines overdue before this migration: the first close after it rewrites both from the bills.
        m.AddColumn<bool>("NameDisclosureAgreed", "Borrowers", nullable: false, defaultValue: false);
        m.AddColumn<DateOnly>("NameDisclosureRecordedOn", "Borrowers", nullable: true);

        m.CreateTable("Warnings", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            LineId = t.Column<Guid>(nullable: false),
            BorrowerId = t.Column<Guid>(nullable: false),
            CooperativeId = t.Column<Guid>(nullable: false),
            ProgramId = t.Column<Guid>(nullable: false),
            DepartmentId = t.Column<Guid>(nullable: false),
            CaseId = t.Column<Guid>(nullable: false),
            Kind = t.Column<string>(maxLength: 24, nullable: false),
            Severity = t.Column<string>(maxLength: 24, nullable: false),
            ArisenOn = t.Column<DateOnly>(nullable: false),
            ClearedOn = t.Column<DateOnly>(nullable: true),
            AsOf = t.Column<DateOnly>(nullable: false),
            AmountOverdue = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            DaysPastDue = t.Column<int>(nullable: false),
            Detail = t.Column<string>(maxLength: 200, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Warnings", x => x.Id));
        m.CreateIndex("IX_Warnings_LineId_Kind_ArisenOn", "Warnings", ["LineId", "Kind", "ArisenOn"], unique: true);
        m.CreateIndex("IX_Warnings_ClearedOn", "Warnings", "ClearedOn");
        m.CreateIndex("IX_Warnings_CaseId", "Warnings", "CaseId");
        m.CreateIndex("IX_Warnings_CooperativeId", "Warnings", "CooperativeId");

        m.CreateTable("WarningCases", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            DepartmentId = t.Column<Guid>(nullable: false),
            BorrowerId = t.Column<Guid>(nullable: false),
            CooperativeId = t.Column<Guid>(nullable: false),
            State = t.Column<string>(maxLength: 24, nullable: false),
            Severity = t.Column<string>(maxLength: 24, nullable: false),
            OpenedOn = t.Column<DateOnly>(nullable: false),
            HelperName = t.Column<string>(maxLength: 30, nullable: true),
            HelperPost = t.Column<string>(maxLength: 50, nullable: true),
            LastHelpedOn = t.Column<DateOnly>(nullable: true),
            ResolvedOn = t.Column<DateOnly>(nullable: true),
            ResolutionReason = t.Column<string>(maxLength: 500, nullable: true),
            ResolvedByDepartment = t.Column<bool>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_WarningCases", x => x.Id));
        m.CreateIndex("IX_WarningCases_DepartmentId_State", "WarningCases", ["DepartmentId", "State"]);
        m.CreateIndex("IX_WarningCases_BorrowerId", "WarningCases", "BorrowerId");

        m.CreateTable("WarningCaseChanges", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            CaseId = t.Column<Guid>(nullable: false),
            Kind = t.Column<string>(maxLength: 24, nullable: false),
            Actor = t.Column<string>(maxLength: 100, nullable: false),
            BusinessDate = t.Column<DateOnly>(nullable: false),
            At = t.Column<DateTime>(nullable: false),
            Detail = t.Column<string>(maxLength: 200, nullable: true),
            HelperName = t.Column<string>(maxLength: 30, nullable: true),
            HelperPost = t.Column<string>(maxLength: 50, nullable: true),
            HelpDate = t.Column<DateOnly>(nullable: true),
            Action = t.Column<string>(maxLength: 200, nullable: true),
            Note = t.Column<string>(maxLength: 500, nullable: true),
            Reason = t.Column<string>(maxLength: 500, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_WarningCaseChanges", x => x.Id);
            t.ForeignKey("FK_WarningCaseChanges_WarningCases_CaseId", x => x.CaseId, "WarningCases", "Id",
                onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_WarningCaseChanges_CaseId", "WarningCaseChanges", "CaseId");

        m.CreateTable("WarningScans", t => new
        {
            BusinessDate = t.Column<DateOnly>(nullable: false),
            ScannedAt = t.Column<DateTime>(nullable: false),
            LinesRead = t.Column<int>(nullable: false),
            Raised = t.Column<int>(nullable: false),
            Cleared = t.Column<int>(nullable: false),
            DurationMs = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_WarningScans", x => x.BusinessDate));
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("WarningScans");
        m.DropTable("WarningCaseChanges");
        m.DropTable("WarningCases");
        m.DropTable("Warnings");
        m.DropIndex("IX_CreditLines_OverdueSince", "CreditLines");
        m.DropColumn("OverdueAmount", "CreditLines");
        m.DropColumn("OverdueSince", "CreditLines");
        m.DropColumn("BillRecord", "CreditLines");
        m.DropColumn("NameDisclosureRecordedOn", "Borrowers");
        m.DropColumn("NameDisclosureAgreed", "Borrowers");
    }
}
