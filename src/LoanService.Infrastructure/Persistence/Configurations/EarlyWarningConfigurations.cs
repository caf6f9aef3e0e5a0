using LoanService.Domain.EarlyWarning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoanService.Infrastructure.Persistence.Configurations;

internal sealed class WarningConfiguration : IEntityTypeConfiguration<Warning>
{
    public void Configure(EntityTypeBuilder<Warning> b)
    {
        b.ToTable("Warnings");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Detail).HasMaxLength(200);
        b.Ignore(x => x.IsOpen);
        // A close run twice raises nothing twice: one warning of a kind per line per arising date.
        b.HasIndex(x => new { x.LineId, x.Kind, x.ArisenOn }).IsUnique();
        b.HasIndex(x => x.ClearedOn);
        b.HasIndex(x => x.CaseId);
        b.HasIndex(x => x.CooperativeId);
    }
}

internal sealed class WarningCaseConfiguration : IEntityTypeConfiguration<WarningCase>
{
    public void Configure(EntityTypeBuilder<WarningCase> b)
    {
        b.ToTable("WarningCases");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.HelperName).HasMaxLength(WarningCase.MaxHelperName);
        b.Property(x => x.HelperPost).HasMaxLength(WarningCase.MaxHelperPost);
        b.Property(x => x.ResolutionReason).HasMaxLength(WarningCase.MaxReason);
        b.Property<int>("Version").IsConcurrencyToken();
        b.Ignore(x => x.IsOpen);
        b.HasMany(x => x.Changes).WithOne().HasForeignKey(x => x.CaseId);
        b.Navigation(x => x.Changes).HasField("_changes").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasIndex(x => new { x.DepartmentId, x.State });
        b.HasIndex(x => x.BorrowerId);
    }
}

internal sealed class CaseChangeConfiguration : IEntityTypeConfiguration<CaseChange>
{
    public void Configure(EntityTypeBuilder<CaseChange> b)
    {
        b.ToTable("WarningCaseChanges");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Actor).HasMaxLength(100);
        b.Property(x => x.Detail).HasMaxLength(200);
        b.Property(x => x.HelperName).HasMaxLength(WarningCase.MaxHelperName);
        b.Property(x => x.HelperPost).HasMaxLength(WarningCase.MaxHelperPost);
        b.Property(x => x.Action).HasMaxLength(WarningCase.MaxAction);
        b.Property(x => x.Note).HasMaxLength(WarningCase.MaxNote);
        b.Property(x => x.Reason).HasMaxLength(WarningCase.MaxReason);
    }
}

internal sealed class WarningScanConfiguration : IEntityTypeConfiguration<WarningScan>
{
    public void Configure(EntityTypeBuilder<WarningScan> b)
    {
        b.ToTable("WarningScans");
        b.HasKey(x => x.BusinessDate);
    }
}
