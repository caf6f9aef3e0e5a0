using Microsoft.EntityFrameworkCore.Migrations;

namespace LoanService.Infrastructure.Persistence.Migrations.Shared;

/// <summary>Close-of-business runs and their chunks, so a close can be shared, resumed and watched.</summary>
public abstract class CloseRuns : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("CloseRuns", t => new
        {
            BusinessDate = t.Column<DateOnly>(nullable: false),
            State = t.Column<string>(maxLength: 24, nullable: false),
            StartedAt = t.Column<DateTime>(nullable: false),
            FinishedAt = t.Column<DateTime>(nullable: true),
            ChunkCount = t.Column<int>(nullable: false),
            LinesPlanned = t.Column<int>(nullable: false),
            LastError = t.Column<string>(maxLength: 2000, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_CloseRuns", x => x.BusinessDate));

        m.CreateTable("CloseChunks", t => new
        {
            BusinessDate = t.Column<DateOnly>(nullable: false),
            ChunkNo = t.Column<int>(nullable: false),
            FirstLineId = t.Column<Guid>(nullable: false),
            LastLineId = t.Column<Guid>(nullable: false),
            State = t.Column<string>(maxLength: 24, nullable: false),
            Attempts = t.Column<int>(nullable: false),
            ClaimedBy = t.Column<string>(maxLength: 100, nullable: true),
            ClaimedAt = t.Column<DateTime>(nullable: true),
            NotBefore = t.Column<DateTime>(nullable: true),
            LinesClosed = t.Column<int>(nullable: false),
            DurationMs = t.Column<long>(nullable: false),
            Error = t.Column<string>(maxLength: 2000, nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_CloseChunks", x => new { x.BusinessDate, x.ChunkNo }));
        m.CreateIndex("IX_CloseChunks_BusinessDate_State", "CloseChunks", ["BusinessDate", "State"]);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("CloseChunks");
        m.DropTable("CloseRuns");
    }
}
