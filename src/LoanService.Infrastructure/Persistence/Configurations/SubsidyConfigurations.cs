using System.Text.Json;
using LoanService.Domain.Subsidies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoanService.Infrastructure.Persistence.Configurations;

internal sealed class SubsidyProgramConfiguration : IEntityTypeConfiguration<SubsidyProgram>
{
    public void Configure(EntityTypeBuilder<SubsidyProgram> b)
    {
        b.ToTable("SubsidyPrograms");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.Funder).HasMaxLength(100);
        b.Property(p => p.RegionCode).HasMaxLength(12);
        GuidList(b.Property(p => p.CooperativeIds));
        GuidList(b.Property(p => p.AcceptedCooperativeIds));
        b.Property(p => p.Budget).HasPrecision(18, 2);
        b.Property(p => p.RateRuleValue).HasPrecision(9, 6);
        b.Property(p => p.Committed).HasPrecision(30, 16);
        b.Property<int>("Version").IsConcurrencyToken();
        b.Ignore(p => p.RateRule);
        b.Ignore(p => p.Remaining);
        b.Ignore(p => p.IsExhausted);
        b.HasIndex(p => p.OrgDepartmentId);
    }

    /// <summary>A list of ids as one JSON text column: at most 100 cooperatives take part in a programme.</summary>
    private static void GuidList(PropertyBuilder<List<Guid>> property) =>
        property.HasConversion(
                ids => JsonSerializer.Serialize(ids, (JsonSerializerOptions?)null),
                text => JsonSerializer.Deserialize<List<Guid>>(text, (JsonSerializerOptions?)null) ?? new List<Guid>(),
                new ValueComparer<List<Guid>>((a, c) => a!.SequenceEqual(c!), l => l.Aggregate(0, HashCode.Combine), l => l.ToList()))
            .HasMaxLength(4000);
}

internal sealed class SubsidyAccrualConfiguration : IEntityTypeConfiguration<SubsidyAccrualRow>
{
    public void Configure(EntityTypeBuilder<SubsidyAccrualRow> b)
    {
        b.ToTable("SubsidyAccruals");
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Amount).HasPrecision(30, 16);
        b.Property(r => r.Days).HasDefaultValue(1); // every row before quiet days were kept together is one day's
        b.HasIndex(r => new { r.ProgramId, r.Date });
        b.HasIndex(r => r.LineId);
    }
}

internal sealed class SubsidyPeriodConfiguration : IEntityTypeConfiguration<SubsidyPeriodRow>
{
    public void Configure(EntityTypeBuilder<SubsidyPeriodRow> b)
    {
        b.ToTable("SubsidyPeriods");
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.BaseDays).HasPrecision(20, 2);
        b.Property(r => r.AnnualRate).HasPrecision(14, 10);
        b.Property(r => r.Unrounded).HasPrecision(30, 16);
        // Claiming a period checks it was still unclaimed: two claims at once cannot both take it.
        b.Property(r => r.ClaimId).IsConcurrencyToken();
        b.HasIndex(r => new { r.ProgramId, r.CooperativeId, r.BilledOn });
        b.HasIndex(r => r.LineId);
        b.HasIndex(r => r.ClaimId);
    }
}

internal sealed class SubsidyClaimConfiguration : IEntityTypeConfiguration<SubsidyClaim>
{
    public void Configure(EntityTypeBuilder<SubsidyClaim> b)
    {
        b.ToTable("SubsidyClaims");
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Reason).HasMaxLength(500);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.ClaimId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.ProgramId, c.CooperativeId });
    }
}

internal sealed class SubsidyClaimItemConfiguration : IEntityTypeConfiguration<SubsidyClaimItem>
{
    public void Configure(EntityTypeBuilder<SubsidyClaimItem> b)
    {
        b.ToTable("SubsidyClaimItems");
        b.HasKey(i => new { i.ClaimId, i.PeriodId });
        b.Property(i => i.BorrowerName).HasMaxLength(30);
        b.Property(i => i.ResidentId).HasMaxLength(18);
        b.Property(i => i.Township).HasMaxLength(12);
        b.Property(i => i.AnnualRate).HasPrecision(14, 10);
    }
}
