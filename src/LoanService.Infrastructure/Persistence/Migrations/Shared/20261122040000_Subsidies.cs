using Microsoft.EntityFrameworkCore.Migrations;

namespace LoanService.Infrastructure.Persistence.Migrations.Shared;

/// <summary>Subsidy programmes, the lines' subsidy state, the daily ledger, billed periods and claims.</summary>
public abstract class Subsidies : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("SubsidyPrograms", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            OrgDepartmentId = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            Funder = t.Column<string>(maxLength: 100, nullable: false),
            RegionCode = t.Column<string>(maxLength: 12, nullable: false),
            CooperativeIds = t.Column<string>(maxLength: 4000, nullable: false),
            StartDate = t.Column<DateOnly>(nullable: false),
            EndDate = t.Column<DateOnly>(nullable: false),
            Budget = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            PrincipalCap = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            RateRuleKind = t.Column<string>(maxLength: 24, nullable: false),
            RateRuleValue = t.Column<decimal>(precision: 9, scale: 6, nullable: false),
            Mode = t.Column<string>(maxLength: 24, nullable: false),
            ForfeitOnLatePayment = t.Column<bool>(nullable: false),
            CoversExtendedLines = t.Column<bool>(nullable: false),
            Committed = t.Column<decimal>(precision: 30, scale: 16, nullable: false),
            ExhaustedOn = t.Column<DateOnly>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_SubsidyPrograms", x => x.Id));
        m.CreateIndex("IX_SubsidyPrograms_OrgDepartmentId", "SubsidyPrograms", "OrgDepartmentId");

        m.AddColumn<Guid>("SubsidyProgramId", "CreditLines", nullable: true);
        m.AddColumn<string>("SubsidyMode", "CreditLines", maxLength: 24, nullable: true);
        m.AddColumn<decimal>("SubsidyRate", "CreditLines", precision: 14, scale: 10, nullable: false, defaultValue: 0m);
        m.AddColumn<decimal>("SubsidyCap", "CreditLines", precision: 18, scale: 2, nullable: false, defaultValue: 0m);
        m.AddColumn<decimal>("SubsidyBaseDays", "CreditLines", precision: 20, scale: 2, nullable: false, defaultValue: 0m);
        m.AddColumn<decimal>("SubsidyCarriedBaseDays", "CreditLines", precision: 20, scale: 2, nullable: false, defaultValue: 0m);
        m.AddColumn<int>("SubsidyDays", "CreditLines", nullable: false, defaultValue: 0);
        m.AddColumn<DateOnly>("SubsidyPeriodStart", "CreditLines", nullable: true);
        m.AddColumn<decimal>("SubsidyAdjustment", "CreditLines", precision: 30, scale: 16, nullable: false, defaultValue: 0m);
        m.AddColumn<string>("PendingSubsidies", "CreditLines", nullable: false, defaultValue: "[]");
        m.CreateIndex("IX_CreditLines_SubsidyProgramId", "CreditLines", "SubsidyProgramId");

        m.CreateTable("SubsidyAccruals", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            ProgramId = t.Column<Guid>(nullable: false),
            LineId = t.Column<Guid>(nullable: false),
            Date = t.Column<DateOnly>(nullable: false),
            Base = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            Amount = t.Column<decimal>(precision: 30, scale: 16, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_SubsidyAccruals", x => x.Id));
        m.CreateIndex("IX_SubsidyAccruals_ProgramId_Date", "SubsidyAccruals", ["ProgramId", "Date"]);
        m.CreateIndex("IX_SubsidyAccruals_LineId", "SubsidyAccruals", "LineId");

        m.CreateTable("SubsidyPeriods", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            ProgramId = t.Column<Guid>(nullable: false),
            LineId = t.Column<Guid>(nullable: false),
            CooperativeId = t.Column<Guid>(nullable: false),
            BorrowerId = t.Column<Guid>(nullable: false),
            PeriodStart = t.Column<DateOnly>(nullable: false),
            BilledOn = t.Column<DateOnly>(nullable: false),
            DueDate = t.Column<DateOnly>(nullable: false),
            Days = t.Column<int>(nullable: false),
            BaseDays = t.Column<decimal>(precision: 20, scale: 2, nullable: false),
            AnnualRate = t.Column<decimal>(precision: 14, scale: 10, nullable: false),
            Unrounded = t.Column<decimal>(precision: 30, scale: 16, nullable: false),
            Amount = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            State = t.Column<string>(maxLength: 24, nullable: false),
            EarnedOn = t.Column<DateOnly>(nullable: true),
            ForfeitedOn = t.Column<DateOnly>(nullable: true),
            ClaimId = t.Column<Guid>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_SubsidyPeriods", x => x.Id));
        m.CreateIndex("IX_SubsidyPeriods_ProgramId_CooperativeId_BilledOn", "SubsidyPeriods", ["ProgramId", "CooperativeId", "BilledOn"]);
        m.CreateIndex("IX_SubsidyPeriods_LineId", "SubsidyPeriods", "LineId");
        m.CreateIndex("IX_SubsidyPeriods_ClaimId", "SubsidyPeriods", "ClaimId");

        m.CreateTable("SubsidyClaims", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            ProgramId = t.Column<Guid>(nullable: false),
            CooperativeId = t.Column<Guid>(nullable: false),
            Mode = t.Column<string>(maxLength: 24, nullable: false),
            PeriodStart = t.Column<DateOnly>(nullable: false),
            PeriodEnd = t.Column<DateOnly>(nullable: false),
            State = t.Column<string>(maxLength: 24, nullable: false),
            Total = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            ItemCount = t.Column<int>(nullable: false),
            SubmittedOn = t.Column<DateOnly>(nullable: false),
            SubmittedAt = t.Column<DateTime>(nullable: false),
            DecidedOn = t.Column<DateOnly>(nullable: true),
            DecidedAt = t.Column<DateTime>(nullable: true),
            PaidOn = t.Column<DateOnly>(nullable: true),
            PaidAt = t.Column<DateTime>(nullable: true),
            Reason = t.Column<string>(maxLength: 500, nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_SubsidyClaims", x => x.Id));
        m.CreateIndex("IX_SubsidyClaims_ProgramId_CooperativeId", "SubsidyClaims", ["ProgramId", "CooperativeId"]);

        m.CreateTable("SubsidyClaimItems", t => new
        {
            ClaimId = t.Column<Guid>(nullable: false),
            PeriodId = t.Column<Guid>(nullable: false),
            ItemNo = t.Column<int>(nullable: false),
            LineId = t.Column<Guid>(nullable: false),
            BorrowerId = t.Column<Guid>(nullable: false),
            BorrowerName = t.Column<string>(maxLength: 30, nullable: false),
            ResidentId = t.Column<string>(maxLength: 18, nullable: false),
            Township = t.Column<string>(maxLength: 12, nullable: false),
            PeriodStart = t.Column<DateOnly>(nullable: false),
            PeriodEnd = t.Column<DateOnly>(nullable: false),
            Days = t.Column<int>(nullable: false),
            AveragePrincipal = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            AnnualRate = t.Column<decimal>(precision: 14, scale: 10, nullable: false),
            Amount = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_SubsidyClaimItems", x => new { x.ClaimId, x.PeriodId });
            t.ForeignKey("FK_SubsidyClaimItems_SubsidyClaims_ClaimId", x => x.ClaimId, "SubsidyClaims", "Id",
                onDelete: ReferentialAction.Cascade);
        });
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("SubsidyClaimItems");
        m.DropTable("SubsidyClaims");
        m.DropTable("SubsidyPeriods");
        m.DropTable("SubsidyAccruals");
        m.DropIndex("IX_CreditLines_SubsidyProgramId", "CreditLines");
        foreach (var column in new[]
                 {
                     "SubsidyProgramId", "SubsidyMode", "SubsidyRate", "SubsidyCap", "SubsidyBaseDays",
                     "SubsidyCarriedBaseDays", "SubsidyDays", "SubsidyPeriodStart", "SubsidyAdjustment", "PendingSubsidies",
                 })
            m.DropColumn(column, "CreditLines");
        m.DropTable("SubsidyPrograms");
    }
}
