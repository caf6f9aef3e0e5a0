using LoanService.Domain;
using LoanService.Domain.Borrowers;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Notices;
using LoanService.Domain.Subsidies;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>
/// The service's database. One class per provider derives from it (<see cref="SqliteLoanServiceDbContext"/>,
/// <see cref="PostgresLoanServiceDbContext"/>), because each provider has its own migrations and model
/// snapshot (docs/migrations.md); everything else takes this type.
/// </summary>
public abstract class LoanServiceDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>A line's concurrency token, a shadow property: read it with <c>EF.Property&lt;int&gt;(line, LineVersion)</c>.</summary>
    public const string LineVersion = Configurations.CreditLineConfiguration.Version;

    public DbSet<Cooperative> Cooperatives => Set<Cooperative>();
    public DbSet<OrgDepartment> OrgDepartments => Set<OrgDepartment>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<WebSession> WebSessions => Set<WebSession>();
    public DbSet<Borrower> Borrowers => Set<Borrower>();
    public DbSet<CreditLine> CreditLines => Set<CreditLine>();
    public DbSet<JournalEntryRow> Journal => Set<JournalEntryRow>();
    public DbSet<ClassificationChangeRow> ClassificationChanges => Set<ClassificationChangeRow>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<BusinessCalendar> BusinessCalendar => Set<BusinessCalendar>();
    public DbSet<CloseRun> CloseRuns => Set<CloseRun>();
    public DbSet<CloseChunk> CloseChunks => Set<CloseChunk>();
    public DbSet<SmsNotice> SmsNotices => Set<SmsNotice>();
    public DbSet<LoanService.Domain.Subsidies.SubsidyProgram> SubsidyPrograms => Set<LoanService.Domain.Subsidies.SubsidyProgram>();
    public DbSet<SubsidyAccrualRow> SubsidyAccruals => Set<SubsidyAccrualRow>();
    public DbSet<SubsidyPeriodRow> SubsidyPeriods => Set<SubsidyPeriodRow>();
    public DbSet<SubsidyClaim> SubsidyClaims => Set<SubsidyClaim>();
    public DbSet<LoanService.Domain.EarlyWarning.Warning> Warnings => Set<LoanService.Domain.EarlyWarning.Warning>();
    public DbSet<LoanService.Domain.EarlyWarning.WarningCase> WarningCases => Set<LoanService.Domain.EarlyWarning.WarningCase>();
    public DbSet<LoanService.Domain.EarlyWarning.CaseChange> WarningCaseChanges => Set<LoanService.Domain.EarlyWarning.CaseChange>();
    public DbSet<WarningScan> WarningScans => Set<WarningScan>();
    public DbSet<DailyAccrualRow> DailyAccruals => Set<DailyAccrualRow>();
    public DbSet<DailyAccrualPartRow> DailyAccrualParts => Set<DailyAccrualPartRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<LocalDate>().HaveConversion<LocalDateConverter>();
        builder.Properties<Instant>().HaveConversion<InstantConverter>();
        builder.Properties<Money>().HaveConversion<MoneyConverter>().HavePrecision(18, 2);
        builder.Properties<AnnualRate>().HaveConversion<AnnualRateConverter>().HavePrecision(9, 6);
        builder.Properties<decimal>().HavePrecision(18, 2);
        builder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(24);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LoanServiceDbContext).Assembly);

    /// <summary>Every save of a changed line bumps its version: a concurrent save of the same line then fails.</summary>
    public override Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        foreach (var entry in ChangeTracker.Entries<CreditLine>())
            if (entry.State == EntityState.Modified)
                entry.Property<int>(Configurations.CreditLineConfiguration.Version).CurrentValue++;
        foreach (var entry in ChangeTracker.Entries<LoanService.Domain.Subsidies.SubsidyProgram>())
            if (entry.State == EntityState.Modified)
                entry.Property<int>("Version").CurrentValue++;
        foreach (var entry in ChangeTracker.Entries<LoanService.Domain.EarlyWarning.WarningCase>())
            if (entry.State == EntityState.Modified)
                entry.Property<int>("Version").CurrentValue++;
        foreach (var entry in ChangeTracker.Entries<SubsidyClaim>())
            if (entry.State == EntityState.Modified)
                entry.Entity.Version++;
        return base.SaveChangesAsync(cancellationToken);
    }
}
