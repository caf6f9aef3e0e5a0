using Microsoft.EntityFrameworkCore.Migrations;

namespace LoanService.Infrastructure.Persistence.Migrations.Shared;

/// <summary>
/// The first schema, written by hand before the service used <c>dotnet ef</c>. Column types come from the CLR
/// types, so the same migration gives <c>uuid</c>/<c>numeric</c>/<c>date</c> on PostgreSQL and
/// TEXT on SQLite; <c>SchemaMatchesModelTests</c> checks the result against the EF model.
/// </summary>
public abstract class Initial : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("ApiKeys", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Hash = t.Column<string>(maxLength: 64, nullable: false),
            Prefix = t.Column<string>(maxLength: 12, nullable: false),
            Role = t.Column<string>(maxLength: 24, nullable: false),
            TenantId = t.Column<Guid>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            RevokedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_ApiKeys", x => x.Id));
        m.CreateIndex("IX_ApiKeys_Hash", "ApiKeys", "Hash", unique: true);

        m.CreateTable("Cooperatives", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            Signature = t.Column<string>(maxLength: 12, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Cooperatives", x => x.Id));

        m.CreateTable("OrgDepartments", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            RegionCode = t.Column<string>(maxLength: 12, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_OrgDepartments", x => x.Id));

        m.CreateTable("Borrowers", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            CooperativeId = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            ResidentId = t.Column<string>(maxLength: 18, nullable: false),
            Mobile = t.Column<string>(maxLength: 11, nullable: false),
            RegionCode = t.Column<string>(maxLength: 12, nullable: false),
            PartyBranch = t.Column<string>(maxLength: 100, nullable: false),
            InDifficulty = t.Column<bool>(nullable: false),
            RegisteredPoor = t.Column<bool>(nullable: false),
            SmsOptOut = t.Column<bool>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Borrowers", x => x.Id));
        m.CreateIndex("IX_Borrowers_CooperativeId_ResidentId", "Borrowers", ["CooperativeId", "ResidentId"], unique: true);

        m.CreateTable("BusinessCalendar", t => new
        {
            Id = t.Column<int>(nullable: false),
            BusinessDate = t.Column<DateOnly>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_BusinessCalendar", x => x.Id));

        m.CreateTable("CreditLines", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            CooperativeId = t.Column<Guid>(nullable: false),
            BorrowerId = t.Column<Guid>(nullable: false),
            Limit = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            AnnualRate = t.Column<decimal>(precision: 9, scale: 6, nullable: false),
            PenaltyRate = t.Column<decimal>(precision: 14, scale: 10, nullable: false),
            TermMonths = t.Column<int>(nullable: false),
            StartDate = t.Column<DateOnly>(nullable: false),
            OriginalMaturityDate = t.Column<DateOnly>(nullable: false),
            MaturityDate = t.Column<DateOnly>(nullable: false),
            Status = t.Column<string>(maxLength: 24, nullable: false),
            Principal = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            OverduePrincipal = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            InterestBalanceDays = t.Column<decimal>(precision: 20, scale: 2, nullable: false),
            InterestCarried = t.Column<decimal>(precision: 30, scale: 16, nullable: false),
            InterestPaidAhead = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            PenaltyBalanceDays = t.Column<decimal>(precision: 20, scale: 2, nullable: false),
            PenaltyPaid = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            LastClosedDate = t.Column<DateOnly>(nullable: false),
            Classification = t.Column<string>(maxLength: 24, nullable: false),
            HeldClassification = t.Column<string>(maxLength: 24, nullable: true),
            CuredSince = t.Column<DateOnly>(nullable: true),
            RenewedFromId = t.Column<Guid>(nullable: true),
            RenewedToId = t.Column<Guid>(nullable: true),
            JournalSequence = t.Column<int>(nullable: false),
            Version = t.Column<int>(nullable: false),
            Bills = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_CreditLines", x => x.Id));
        m.CreateIndex("IX_CreditLines_BorrowerId", "CreditLines", "BorrowerId");
        m.CreateIndex("IX_CreditLines_CooperativeId", "CreditLines", "CooperativeId");
        m.CreateIndex("IX_CreditLines_Status_LastClosedDate", "CreditLines", ["Status", "LastClosedDate"]);

        m.CreateTable("IdempotencyRecords", t => new
        {
            Scope = t.Column<string>(maxLength: 64, nullable: false),
            Key = t.Column<string>(maxLength: 128, nullable: false),
            RequestHash = t.Column<string>(maxLength: 64, nullable: false),
            StatusCode = t.Column<int>(nullable: false),
            ResponseBody = t.Column<string>(nullable: false),
            Location = t.Column<string>(maxLength: 300, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_IdempotencyRecords", x => new { x.Scope, x.Key }));

        m.CreateTable("JournalEntries", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            LineId = t.Column<Guid>(nullable: false),
            Sequence = t.Column<int>(nullable: false),
            BusinessDate = t.Column<DateOnly>(nullable: false),
            Kind = t.Column<string>(maxLength: 24, nullable: false),
            Amount = t.Column<decimal>(precision: 30, scale: 16, nullable: false),
            PrincipalPortion = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            OverduePrincipalPortion = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            AccruedInterestPortion = t.Column<decimal>(precision: 30, scale: 16, nullable: false),
            BilledInterestPortion = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            OverdueInterestPortion = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            PenaltyInterestPortion = t.Column<decimal>(precision: 30, scale: 16, nullable: false),
            PrincipalAfter = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            OverduePrincipalAfter = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            AccruedInterestAfter = t.Column<decimal>(precision: 30, scale: 16, nullable: false),
            BilledInterestAfter = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            OverdueInterestAfter = t.Column<decimal>(precision: 18, scale: 2, nullable: false),
            PenaltyInterestAfter = t.Column<decimal>(precision: 30, scale: 16, nullable: false),
            Note = t.Column<string>(maxLength: 500, nullable: true),
            RecordedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_JournalEntries", x => x.Id));
        m.CreateIndex("IX_JournalEntries_LineId_Sequence", "JournalEntries", ["LineId", "Sequence"], unique: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "JournalEntries", "IdempotencyRecords", "CreditLines", "BusinessCalendar",
                     "Borrowers", "OrgDepartments", "Cooperatives", "ApiKeys" })
            m.DropTable(table);
    }
}
