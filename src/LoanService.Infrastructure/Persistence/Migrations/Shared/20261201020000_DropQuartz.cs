using Microsoft.EntityFrameworkCore.Migrations;

namespace LoanService.Infrastructure.Persistence.Migrations.Shared;

/// <summary>
/// The jobs moved from Quartz to Hangfire: Quartz's 15 tables, which its scheduler made for itself
/// at start (never through a migration), are dropped where they exist. Its job and trigger rows
/// held no business state: close runs and chunks live in the service's own tables. Nothing comes
/// back on the way down.
/// </summary>
public abstract class DropQuartz : Migration
{
    /// <summary>Children before the tables they reference, so SQLite's foreign keys never object.</summary>
    public static readonly string[] QuartzTables =
    [
        "qrtz_fired_triggers", "qrtz_paused_trigger_grps", "qrtz_paused_job_grps", "qrtz_scheduler_state",
        "qrtz_locks", "qrtz_simple_triggers", "qrtz_simprop_triggers", "qrtz_cron_triggers", "qrtz_blob_triggers",
        "qrtz_triggers", "qrtz_job_details", "qrtz_calendars", "qrtz_execution_history", "qrtz_misfire_history",
        "qrtz_job_status",
    ];

    protected override void Up(MigrationBuilder m)
    {
        // Quartz named them in lower case on PostgreSQL and upper case on SQLite, where names ignore case.
        var cascade = m.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL" ? " CASCADE" : "";
        foreach (var table in QuartzTables)
            m.Sql($"DROP TABLE IF EXISTS {table}{cascade};");
    }

    protected override void Down(MigrationBuilder m)
    {
    }
}
