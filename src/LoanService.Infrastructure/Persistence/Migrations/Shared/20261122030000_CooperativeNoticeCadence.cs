using Microsoft.EntityFrameworkCore.Migrations;

namespace LoanService.Infrastructure.Persistence.Migrations.Shared;

/// <summary>A cooperative's own SMS cadence (null: the default, docs/rules.md §9).</summary>
public abstract class CooperativeNoticeCadence : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.AddColumn<string>("NoticeCadence", "Cooperatives", maxLength: 500, nullable: true);

    protected override void Down(MigrationBuilder m) => m.DropColumn("NoticeCadence", "Cooperatives");
}
