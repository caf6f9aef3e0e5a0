using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoanService.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DailyAccruals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

            migrationBuilder.CreateTable(
                name: "DailyAccrualParts",
                columns: table => new
                {
                    BusinessDate = table.Column<DateOnly>(type: "date", nullable: false),
                    ChunkNo = table.Column<int>(type: "integer", nullable: false),
                    CooperativeId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    Interest = table.Column<decimal>(type: "numeric(30,16)", precision: 30, scale: 16, nullable: false),
                    Penalty = table.Column<decimal>(type: "numeric(30,16)", precision: 30, scale: 16, nullable: false),
                    Subsidy = table.Column<decimal>(type: "numeric(30,16)", precision: 30, scale: 16, nullable: false),
                    Lines = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyAccrualParts", x => new { x.BusinessDate, x.ChunkNo, x.CooperativeId, x.ProgramId });
                });

            migrationBuilder.CreateTable(
                name: "DailyAccruals",
                columns: table => new
                {
                    BusinessDate = table.Column<DateOnly>(type: "date", nullable: false),
                    CooperativeId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    Interest = table.Column<decimal>(type: "numeric(30,16)", precision: 30, scale: 16, nullable: false),
                    Penalty = table.Column<decimal>(type: "numeric(30,16)", precision: 30, scale: 16, nullable: false),
                    Subsidy = table.Column<decimal>(type: "numeric(30,16)", precision: 30, scale: 16, nullable: false),
                    Lines = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyAccruals", x => new { x.BusinessDate, x.CooperativeId, x.ProgramId });
                });


            migrationBuilder.CreateIndex(
                name: "IX_DailyAccruals_CooperativeId_BusinessDate",
                table: "DailyAccruals",
                columns: new[] { "CooperativeId", "BusinessDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DailyAccrualParts");

            migrationBuilder.DropTable(
                name: "DailyAccruals");


        }
    }
}
