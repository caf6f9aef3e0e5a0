using Microsoft.EntityFrameworkCore.Migrations;

namespace LoanService.Infrastructure.Persistence.Migrations.Shared;

/// <summary>
/// Which invited cooperatives accepted a programme. Programmes made before this took their cooperatives
/// in without asking; they keep them, as accepted.
/// </summary>
public abstract class ProgramParticipation : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("AcceptedCooperativeIds", "SubsidyPrograms", maxLength: 4000, nullable: false, defaultValue: "[]");
        m.Sql("UPDATE \"SubsidyPrograms\" SET \"AcceptedCooperativeIds\" = \"CooperativeIds\"");
    }

    protected override void Down(MigrationBuilder m) => m.DropColumn("AcceptedCooperativeIds", "SubsidyPrograms");
}
