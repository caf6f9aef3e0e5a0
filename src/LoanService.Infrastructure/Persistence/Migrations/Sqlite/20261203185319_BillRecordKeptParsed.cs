using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoanService.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BillRecordKeptParsed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No change to the schema: the line keeps its bill record parsed, and the model maps the same
            // BillRecord column through a property (StoredBillRecord) instead of the text field. This
            // migration carries the model's snapshot, so that the model has no change a migration does not.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo in the schema.
        }
    }
}
