using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoanService.Infrastructure.Persistence.Configurations;

internal sealed class DailyAccrualConfiguration : IEntityTypeConfiguration<DailyAccrualRow>
{
    public void Configure(EntityTypeBuilder<DailyAccrualRow> b)
    {
        b.ToTable("DailyAccruals");
        b.HasKey(r => new { r.BusinessDate, r.CooperativeId, r.ProgramId });
        b.HasIndex(r => new { r.CooperativeId, r.BusinessDate });
        b.Property(r => r.Interest).HasPrecision(30, 16);
        b.Property(r => r.Penalty).HasPrecision(30, 16);
        b.Property(r => r.Subsidy).HasPrecision(30, 16);
    }
}

internal sealed class DailyAccrualPartConfiguration : IEntityTypeConfiguration<DailyAccrualPartRow>
{
    public void Configure(EntityTypeBuilder<DailyAccrualPartRow> b)
    {
        b.ToTable("DailyAccrualParts");
        b.HasKey(r => new { r.BusinessDate, r.ChunkNo, r.CooperativeId, r.ProgramId });
        b.Property(r => r.Interest).HasPrecision(30, 16);
        b.Property(r => r.Penalty).HasPrecision(30, 16);
        b.Property(r => r.Subsidy).HasPrecision(30, 16);
    }
}
