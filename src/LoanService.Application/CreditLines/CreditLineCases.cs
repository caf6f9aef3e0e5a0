using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LoanService.Application.CreditLines;

/// <summary>The terms of a line to open (the API has checked they are present).</summary>
public sealed record LineTerms(Guid BorrowerId, decimal Limit, decimal AnnualRate, int TermMonths, Guid? SubsidyProgramId);

/// <summary>Opening a line and its status changes: use cases that move no money and take no idempotency key.</summary>
public sealed class CreditLineCases(LoanServiceDbContext db, BusinessCalendarStore calendar, ProductSettings settings)
{
    /// <summary>授信: opens a line for one of the cooperative's borrowers, enrolled in a programme it takes part in if asked.</summary>
    public async Task<LineAfter> OpenAsync(Guid cooperativeId, LineTerms terms, CancellationToken ct)
    {
        var borrower = await db.Borrowers.AsNoTracking().SingleOrDefaultAsync(b => b.Id == terms.BorrowerId, ct);
        if (borrower is null || borrower.CooperativeId != cooperativeId)
            throw new NotFoundException("borrower.not_found", $"Borrower {terms.BorrowerId} was not found.");

        // Opened on the date the close has not finished: the close waits for this transaction (it locks the
        // calendar row before it moves the date), so the line's first close is that date's.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await BusinessCalendarStore.ShareAsync(db, ct);
        var today = await calendar.CurrentAsync(ct);
        var line = CreditLine.Open(Guid.NewGuid(), cooperativeId, terms.BorrowerId, new Money(terms.Limit),
            new AnnualRate(terms.AnnualRate), terms.TermMonths, today, settings);
        var subsidies = SubsidyBudget.None;
        if (terms.SubsidyProgramId is { } programId)
        {
            // A cooperative sees the programmes it is invited to (SubsidyPrograms.CanSee); any other is not found.
            var program = await db.SubsidyPrograms.AsNoTracking().SingleOrDefaultAsync(p => p.Id == programId, ct);
            if (program is null || !program.Invites(cooperativeId))
                throw new NotFoundException("subsidy_program.not_found", $"Subsidy programme {programId} was not found.");
            line.EnrolInSubsidy(program, borrower, today);
            subsidies = new SubsidyBudget([program]);
        }
        db.CreditLines.Add(line);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new LineAfter(line, today, subsidies);
    }

    /// <summary>Stops draws on an active line (repayments are still taken).</summary>
    public Task<LineAfter> FreezeAsync(Guid cooperativeId, Guid id, CancellationToken ct) =>
        ChangeStatusAsync(cooperativeId, id, l => l.Freeze(), ct);

    public Task<LineAfter> UnfreezeAsync(Guid cooperativeId, Guid id, CancellationToken ct) =>
        ChangeStatusAsync(cooperativeId, id, l => l.Unfreeze(), ct);

    private async Task<LineAfter> ChangeStatusAsync(Guid cooperativeId, Guid id, Action<CreditLine> change,
        CancellationToken ct)
    {
        var line = await CreditLineAccess.LoadAsync(db, cooperativeId, id, track: true, ct);
        change(line);
        await db.SaveChangesAsync(ct);
        return new LineAfter(line, await calendar.CurrentAsync(ct), await SubsidyLedger.ReadAsync(db, [line], ct));
    }
}
