using LoanService.Domain;
using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>A journal entry as stored: the domain's <see cref="JournalEntry"/> flattened, plus a note.</summary>
public sealed class JournalEntryRow
{
    public Guid Id { get; set; }
    public Guid LineId { get; set; }
    public int Sequence { get; set; }
    public LocalDate BusinessDate { get; set; }
    public JournalEntryKind Kind { get; set; }
    public decimal Amount { get; set; }
    public decimal PrincipalPortion { get; set; }
    public decimal OverduePrincipalPortion { get; set; }
    public decimal AccruedInterestPortion { get; set; }
    public decimal BilledInterestPortion { get; set; }
    public decimal OverdueInterestPortion { get; set; }
    public decimal PenaltyInterestPortion { get; set; }
    public decimal PrincipalAfter { get; set; }
    public decimal OverduePrincipalAfter { get; set; }
    public decimal AccruedInterestAfter { get; set; }
    public decimal BilledInterestAfter { get; set; }
    public decimal OverdueInterestAfter { get; set; }
    public decimal PenaltyInterestAfter { get; set; }
    /// <summary>Interest and penalty accrued over the quiet days before this entry, within its changes (<see cref="JournalEntry.Accrued"/>).</summary>
    public decimal AccruedBefore { get; set; }

    public string? Note { get; set; }
    public Instant RecordedAt { get; set; }

    public static JournalEntryRow From(JournalEntry e, Instant recordedAt, string? note = null) => new()
    {
        Id = e.Id,
        LineId = e.LineId,
        Sequence = e.Sequence,
        BusinessDate = e.BusinessDate,
        Kind = e.Kind,
        Amount = e.Amount.Amount,
        PrincipalPortion = e.Change.Principal.Amount,
        OverduePrincipalPortion = e.Change.OverduePrincipal.Amount,
        AccruedInterestPortion = e.Change.AccruedInterest.Amount,
        BilledInterestPortion = e.Change.BilledInterest.Amount,
        OverdueInterestPortion = e.Change.OverdueInterest.Amount,
        PenaltyInterestPortion = e.Change.PenaltyInterest.Amount,
        PrincipalAfter = e.After.Principal.Amount,
        OverduePrincipalAfter = e.After.OverduePrincipal.Amount,
        AccruedInterestAfter = e.After.AccruedInterest.Amount,
        BilledInterestAfter = e.After.BilledInterest.Amount,
        OverdueInterestAfter = e.After.OverdueInterest.Amount,
        PenaltyInterestAfter = e.After.PenaltyInterest.Amount,
        AccruedBefore = e.Accrued.Amount,
        Note = note,
        RecordedAt = recordedAt,
    };

    public Balances Change => new(new Money(PrincipalPortion), new Money(OverduePrincipalPortion),
        new Money(AccruedInterestPortion), new Money(BilledInterestPortion), new Money(OverdueInterestPortion),
        new Money(PenaltyInterestPortion));

    public Balances After => new(new Money(PrincipalAfter), new Money(OverduePrincipalAfter),
        new Money(AccruedInterestAfter), new Money(BilledInterestAfter), new Money(OverdueInterestAfter),
        new Money(PenaltyInterestAfter));
}
