using Microsoft.EntityFrameworkCore.Migrations;

namespace LoanService.Infrastructure.Persistence.Migrations.Shared;

/// <summary>Browser sessions kept on the server, so that signing out ends them (a copied cookie stops working).</summary>
public abstract class WebSessions : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("WebSessions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Scheme = t.Column<string>(maxLength: 50, nullable: false),
            ApiKeyId = t.Column<Guid>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            EndedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_WebSessions", x => x.Id));
        m.CreateIndex("IX_WebSessions_ApiKeyId", "WebSessions", "ApiKeyId");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("WebSessions");
}
