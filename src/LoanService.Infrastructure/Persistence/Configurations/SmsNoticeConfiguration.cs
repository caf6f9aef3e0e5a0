using LoanService.Domain.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoanService.Infrastructure.Persistence.Configurations;

internal sealed class SmsNoticeConfiguration : IEntityTypeConfiguration<SmsNotice>
{
    public void Configure(EntityTypeBuilder<SmsNotice> b)
    {
        b.ToTable("SmsNotices");
        b.HasKey(n => n.Id);
        b.Property(n => n.Id).ValueGeneratedNever();
        b.Property(n => n.DedupKey).HasMaxLength(160);
        b.Property(n => n.Text).HasMaxLength(500);
        b.Property(n => n.ProviderMessageId).HasMaxLength(100);
        b.Property(n => n.LastError).HasMaxLength(1000);
        b.Property(n => n.Version).IsConcurrencyToken();
        b.HasIndex(n => n.DedupKey).IsUnique();
        b.HasIndex(n => new { n.Status, n.NotBefore });
        b.HasIndex(n => n.LineId);
    }
}
