using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoanService.Infrastructure.Persistence.Configurations;

internal sealed class CloseRunConfiguration : IEntityTypeConfiguration<CloseRun>
{
    public void Configure(EntityTypeBuilder<CloseRun> b)
    {
        b.ToTable("CloseRuns");
        b.HasKey(r => r.BusinessDate);
        b.Property(r => r.LastError).HasMaxLength(2000);
    }
}

internal sealed class CloseChunkConfiguration : IEntityTypeConfiguration<CloseChunk>
{
    public void Configure(EntityTypeBuilder<CloseChunk> b)
    {
        b.ToTable("CloseChunks");
        b.HasKey(c => new { c.BusinessDate, c.ChunkNo });
        b.Property(c => c.ClaimedBy).HasMaxLength(100);
        b.Property(c => c.Error).HasMaxLength(2000);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => new { c.BusinessDate, c.State });
    }
}
