using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LoanService.Infrastructure.Persistence.Migrations;

/// <summary>A cooperative's own SMS cadence (null: the default, docs/rules.md §9).</summary>
[DbContext(typeof(LoanServiceDbContext))]
[Migration("20261122030000_CooperativeNoticeCadence")]
public sealed class CooperativeNoticeCadence : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.AddColumn<string>("NoticeCadence", "Cooperatives", maxLength: 500, nullable: true);

    protected override void Down(MigrationBuilder m) => m.DropColumn("NoticeCadence", "Cooperatives");
}
