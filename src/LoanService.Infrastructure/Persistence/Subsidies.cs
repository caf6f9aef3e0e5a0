using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>
/// One day's subsidy of one line (the programme's daily ledger), or that of its quiet days since its last close
/// (<see cref="Days"/>), or a renewal's transfer of accrued
/// subsidy (negative on the old line, positive on the new one). Never changed: with the billed
/// periods it gives the accrued unbilled subsidy at any business date.
/// </summary>
public sealed class SubsidyAccrualRow
{
    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }
    public Guid LineId { get; set; }
    public LocalDate Date { get; set; }

    /// <summary>min(principal, cap) of the day; zero for a renewal's transfer.</summary>
    public Money Base { get; set; }

    /// <summary>Unrounded.</summary>
    public Money Amount { get; set; }

    /// <summary>
    /// The days from <see cref="Date"/> the amount is for, each the same (quiet days the line brought in at once,
    /// in closed form); 1 for a close's day or a renewal's transfer.
    /// </summary>
    public int Days { get; set; } = 1;

    /// <summary>The row as the line's event it records, to take parts of its days.</summary>
    public SubsidyAccrued ToEvent() => new(ProgramId, LineId, Date, Base, Amount) { Days = Days };
}

public enum SubsidyPeriodState
{
    /// <summary>Billed with the interest; waiting for the borrower's part to be paid.</summary>
    Billed,
    /// <summary>The borrower's part was paid by its due date: claimable.</summary>
    Earned,
    /// <summary>The borrower's part went overdue: returned to the budget.</summary>
    Forfeited,
}

/// <summary>A billed subsidy period of one line (see <see cref="SubsidyPeriod"/>) and what became of it.</summary>
public sealed class SubsidyPeriodRow
{
    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }
    public Guid LineId { get; set; }
    public Guid CooperativeId { get; set; }
    public Guid BorrowerId { get; set; }
    public LocalDate PeriodStart { get; set; }
    public LocalDate BilledOn { get; set; }
    public LocalDate DueDate { get; set; }
    public int Days { get; set; }
    public decimal BaseDays { get; set; }
    public decimal AnnualRate { get; set; }
    public Money Unrounded { get; set; }
    public Money Amount { get; set; }
    public SubsidyPeriodState State { get; set; }
    public LocalDate? EarnedOn { get; set; }
    public LocalDate? ForfeitedOn { get; set; }

    /// <summary>The live (not rejected) claim that includes this period.</summary>
    public Guid? ClaimId { get; set; }

    public static SubsidyPeriodRow From(SubsidyPeriod p, CreditLine line) => new()
    {
        Id = p.Id, ProgramId = p.ProgramId, LineId = p.LineId, CooperativeId = line.CooperativeId,
        BorrowerId = line.BorrowerId, PeriodStart = p.PeriodStart, BilledOn = p.BilledOn, DueDate = p.DueDate,
        Days = p.Days, BaseDays = p.BaseDays, AnnualRate = p.AnnualRate, Unrounded = p.Unrounded,
        Amount = p.Amount, State = SubsidyPeriodState.Billed,
    };
}

/// <summary>
/// Loads the programmes a unit of work touches, locked on PostgreSQL (in id order, after the lines,
/// as every writer does), and writes the lines' subsidy events as ledger and period rows.
/// </summary>
public static class SubsidyLedger
{

    /// <summary>Programmes of <paramref name="lines"/>, tracked (and row-locked on PostgreSQL) for this transaction.</summary>
    public static async Task<SubsidyBudget> LoadAsync(LoanServiceDbContext db, IEnumerable<CreditLine> lines,
        CancellationToken ct)
    {
        var ids = lines.Where(l => l.SubsidyProgramId is not null).Select(l => l.SubsidyProgramId!.Value)
            .Distinct().Order().ToArray();
        if (ids.Length == 0) return SubsidyBudget.None;
        if (db.Database.IsNpgsql())
            foreach (var id in ids)
                await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "SubsidyPrograms" WHERE "Id" = {id} FOR UPDATE""", ct);
        var programs = await db.SubsidyPrograms.Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        return new SubsidyBudget(programs);
    }

    /// <summary>
    /// Programmes of <paramref name="lines"/>, untracked and not locked: for figures that only read a
    /// budget, such as a payoff quote (whose subsidy rounds down when the budget has no room to round up).
    /// </summary>
    public static async Task<SubsidyBudget> ReadAsync(LoanServiceDbContext db, IEnumerable<CreditLine> lines,
        CancellationToken ct = default)
    {
        var ids = lines.Where(l => l.SubsidyProgramId is not null).Select(l => l.SubsidyProgramId!.Value)
            .Distinct().ToArray();
        return ids.Length == 0
            ? SubsidyBudget.None
            : new SubsidyBudget(await db.SubsidyPrograms.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct));
    }

    /// <summary>Adds the rows for <paramref name="events"/> of <paramref name="line"/>; saved with the caller's changes.</summary>
    public static async Task AddAsync(LoanServiceDbContext db, CreditLine line, IReadOnlyList<SubsidyEvent> events,
        CancellationToken ct)
    {
        if (events.Count == 0) return;
        var added = new Dictionary<Guid, SubsidyPeriodRow>();
        foreach (var e in events)
        {
            switch (e)
            {
                case SubsidyAccrued a:
                    db.Add(new SubsidyAccrualRow
                    {
                        Id = Guid.CreateVersion7(), ProgramId = a.ProgramId, LineId = a.LineId, Date = a.Date,
                        Base = a.Base, Amount = a.Amount, Days = a.Days,
                    });
                    break;
                case SubsidyBilled b:
                    var row = SubsidyPeriodRow.From(b.Period, line);
                    added[row.Id] = row;
                    db.Add(row);
                    break;
                case SubsidyEarned earned:
                    await ResolveAsync(db, added, earned.PeriodId, SubsidyPeriodState.Earned, earned.Date, ct);
                    break;
                case SubsidyForfeited forfeited:
                    await ResolveAsync(db, added, forfeited.PeriodId, SubsidyPeriodState.Forfeited, forfeited.Date, ct);
                    break;
            }
        }
    }

    private static async Task ResolveAsync(LoanServiceDbContext db, Dictionary<Guid, SubsidyPeriodRow> added,
        Guid periodId, SubsidyPeriodState state, LocalDate date, CancellationToken ct)
    {
        var row = added.GetValueOrDefault(periodId)
                  ?? db.ChangeTracker.Entries<SubsidyPeriodRow>().Select(e => e.Entity).FirstOrDefault(r => r.Id == periodId)
                  ?? await db.SubsidyPeriods.SingleAsync(r => r.Id == periodId, ct);
        row.State = state;
        if (state == SubsidyPeriodState.Earned) row.EarnedOn = date;
        else row.ForfeitedOn = date;
    }
}
