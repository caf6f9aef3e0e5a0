using LoanService.Domain.CreditLines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoanService.Infrastructure.Persistence.Configurations;

internal sealed class CreditLineConfiguration : IEntityTypeConfiguration<CreditLine>
{
    public const string Version = "Version";

    public void Configure(EntityTypeBuilder<CreditLine> b)
    {
        b.ToTable("CreditLines");
        b.HasKey(l => l.Id);
        b.Property(l => l.Id).ValueGeneratedNever();
        b.Property(l => l.PenaltyRate).HasPrecision(14, 10);
        b.Property(l => l.InterestBalanceDays).HasPrecision(20, 2);
        b.Property(l => l.PenaltyBalanceDays).HasPrecision(20, 2);
        b.Property(l => l.InterestCarried).HasPrecision(30, 16);
        b.Property<List<InterestBill>>("_bills").HasColumnName("Bills")
            .HasConversion(BillsColumn.Converter, BillsColumn.Comparer).IsRequired();
        b.Property<List<LoanService.Domain.CreditLines.PendingSubsidy>>("_pendingSubsidies").HasColumnName("PendingSubsidies")
            .HasConversion(PendingSubsidiesColumn.Converter, PendingSubsidiesColumn.Comparer).IsRequired();
        b.Property(l => l.SubsidyRate).HasPrecision(14, 10);
        b.Property(l => l.SubsidyBaseDays).HasPrecision(20, 2);
        b.Property(l => l.SubsidyCarriedBaseDays).HasPrecision(20, 2);
        b.Property(l => l.SubsidyAdjustment).HasPrecision(30, 16);
        b.Ignore(l => l.PendingSubsidies);
        b.Ignore(l => l.PendingSubsidyEvents);
        b.HasIndex(l => l.SubsidyProgramId);
        b.Property<int>(Version).IsConcurrencyToken();
        b.Ignore(l => l.Bills);
        b.Ignore(l => l.PendingJournal);
        b.Ignore(l => l.PendingClassificationChanges);
        // Early warning reads these in SQL. The line keeps its bill record parsed, and this private property
        // gives and takes its text; the line computes the other two from its bills on every write.
        b.Property<string>("StoredBillRecord").HasColumnName("BillRecord").HasMaxLength(150).IsRequired();
        b.Ignore(l => l.BillRecord);
        b.Property(l => l.OverdueSince);
        b.Property(l => l.OverdueAmount);
        b.HasIndex(l => l.OverdueSince);
        b.HasIndex(l => l.CooperativeId);
        b.HasIndex(l => l.BorrowerId);
        // The close finds the lines with an event on its date through this index, without reading the others;
        // with the id, a chunk's lines (an id range among the lines due) are one range of it.
        b.HasIndex(l => new { l.NextEventDate, l.Id });
    }
}

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntryRow>
{
    public void Configure(EntityTypeBuilder<JournalEntryRow> b)
    {
        b.ToTable("JournalEntries");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.HasIndex(e => new { e.LineId, e.Sequence }).IsUnique();
        foreach (var unrounded in new[]
                 {
                     nameof(JournalEntryRow.Amount), nameof(JournalEntryRow.AccruedInterestPortion),
                     nameof(JournalEntryRow.AccruedInterestAfter), nameof(JournalEntryRow.PenaltyInterestPortion),
                     nameof(JournalEntryRow.PenaltyInterestAfter), nameof(JournalEntryRow.AccruedBefore),
                 })
            b.Property(unrounded).HasPrecision(30, 16);
        b.Property(e => e.Note).HasMaxLength(500);
    }
}

internal sealed class ClassificationChangeConfiguration : IEntityTypeConfiguration<ClassificationChangeRow>
{
    public void Configure(EntityTypeBuilder<ClassificationChangeRow> b)
    {
        b.ToTable("ClassificationChanges");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        // A line's history, oldest first, and its class on a date, read through this index.
        b.HasIndex(c => new { c.LineId, c.EffectiveDate });
    }
}
