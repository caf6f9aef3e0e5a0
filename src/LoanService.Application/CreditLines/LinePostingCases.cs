using LoanService.Application.Postings;
using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Notices;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Application.CreditLines;

/// <summary>
/// A line as a posting or a read finds it on <see cref="Today"/>, with its programme (if enrolled) for the
/// figures shown beside it. <see cref="Line"/> is the line as it reads that day (<see cref="CreditLine.ViewOn"/>):
/// the quiet days since its last event are in its figures.
/// </summary>
public sealed record LineAfter
{
    public LineAfter(CreditLine line, LocalDate today, ISubsidyBudget subsidies)
    {
        Line = line.ViewOn(today);
        Today = today;
        Subsidies = subsidies;
    }

    public CreditLine Line { get; }
    public LocalDate Today { get; }
    public ISubsidyBudget Subsidies { get; }
}

public sealed record Drawn(JournalEntry Entry, LineAfter After);

public sealed record Repaid(JournalEntry Entry, RepaymentAllocation Allocation, LineAfter After);

/// <summary>
/// The money-moving use cases on a line, each run by <see cref="LinePostings"/> on the line it locked:
/// the domain decides, then what the line left pending is taken into the posting's <see cref="LineChanges"/>.
/// </summary>
public sealed class LinePostingCases(LoanServiceDbContext db, ProductSettings settings)
{
    /// <summary>支用.</summary>
    public async Task<Drawn> DrawAsync(PostingTarget target, decimal amount, CancellationToken ct)
    {
        var (line, today, changes) = target;
        var entry = line.Draw(Guid.NewGuid(), amount, today);
        await changes.TakeAsync(line, [NoticePlanner.DrawConfirmation(line, entry)], ct);
        return new Drawn(entry, new LineAfter(line, today, await SubsidyLedger.ReadAsync(db, [line], ct)));
    }

    /// <summary>
    /// 还款. Only a repayment that may pay the line off touches its programme's budget, and only then is
    /// the programme locked; otherwise the line's figures read it unlocked after the posting.
    /// </summary>
    public async Task<Repaid> RepayAsync(PostingTarget target, decimal amount, CancellationToken ct)
    {
        var (line, today, changes) = target;
        var billsSubsidy = line.MayBillSubsidyOnRepayment(amount, today);
        var budget = billsSubsidy ? await SubsidyLedger.LoadAsync(db, [line], ct) : SubsidyBudget.None;
        var (entry, allocation) = line.Repay(Guid.NewGuid(), amount, today, budget);
        await changes.TakeAsync(line, [NoticePlanner.RepaymentReceipt(line, entry, allocation)], ct);
        var subsidies = billsSubsidy ? budget : await SubsidyLedger.ReadAsync(db, [line], ct);
        return new Repaid(entry, allocation, new LineAfter(line, today, subsidies));
    }

    /// <summary>展期; <paramref name="reason"/> (already checked) is the journal entry's note.</summary>
    public async Task<LineAfter> ExtendAsync(PostingTarget target, LocalDate newMaturity, string reason, CancellationToken ct)
    {
        var (line, today, changes) = target;
        var entry = line.Extend(newMaturity, today);
        await changes.TakeAsync(line, [NoticePlanner.ExtensionConfirmation(line, entry)], ct, note: reason);
        return new LineAfter(line, today, await SubsidyLedger.ReadAsync(db, [line], ct));
    }

    /// <summary>续贷: closes the line into a successor that carries its principal (and subsidy) over; answers the successor.</summary>
    public async Task<LineAfter> RenewAsync(PostingTarget target, decimal limit, int termMonths, decimal annualRate,
        CancellationToken ct)
    {
        var (line, today, changes) = target;
        var program = line.SubsidyProgramId is { } programId
            ? await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == programId, ct)
            : null;
        var successor = line.Renew(Guid.NewGuid(), new Money(limit), new AnnualRate(annualRate), termMonths, today,
            settings, program);
        db.CreditLines.Add(successor);
        await changes.TakeAsync(line, [], ct);
        await changes.TakeAsync(successor, [NoticePlanner.RenewalConfirmation(successor)], ct);
        return new LineAfter(successor, today, program is null ? SubsidyBudget.None : new SubsidyBudget([program]));
    }
}
