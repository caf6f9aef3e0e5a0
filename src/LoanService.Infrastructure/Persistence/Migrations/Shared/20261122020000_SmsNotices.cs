using Microsoft.EntityFrameworkCore.Migrations;

namespace LoanService.Infrastructure.Persistence.Migrations.Shared;

/// <summary>The SMS outbox.</summary>
public abstract class SmsNotices : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("SmsNotices", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            LineId = t.Column<Guid>(nullable: false),
            CooperativeId = t.Column<Guid>(nullable: false),
            BorrowerId = t.Column<Guid>(nullable: false),
            Kind = t.Column<string>(maxLength: 24, nullable: false),
            DedupKey = t.Column<string>(maxLength: 160, nullable: false),
            BusinessDate = t.Column<DateOnly>(nullable: false),
            Text = t.Column<string>(maxLength: 500, nullable: false),
            Segments = t.Column<int>(nullable: false),
            NotBefore = t.Column<DateTime>(nullable: false),
            Status = t.Column<string>(maxLength: 24, nullable: false),
            Attempts = t.Column<int>(nullable: false),
            NextAttemptAt = t.Column<DateTime>(nullable: true),
            ProviderMessageId = t.Column<string>(maxLength: 100, nullable: true),
            LastError = t.Column<string>(maxLength: 1000, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            SentAt = t.Column<DateTime>(nullable: true),
            DeliveredAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_SmsNotices", x => x.Id));
        m.CreateIndex("IX_SmsNotices_DedupKey", "SmsNotices", "DedupKey", unique: true);
        m.CreateIndex("IX_SmsNotices_Status_NotBefore", "SmsNotices", ["Status", "NotBefore"]);
        m.CreateIndex("IX_SmsNotices_LineId", "SmsNotices", "LineId");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("SmsNotices");
}
