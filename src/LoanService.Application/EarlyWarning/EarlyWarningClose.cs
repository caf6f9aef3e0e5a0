using System.Diagnostics;
using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Domain.EarlyWarning;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace LoanService.Application.EarlyWarning;

/// <summary>
/// The close's early-warning step, once per business date after every chunk of lines is closed and
/// before the date moves on. Set-based: one query selects the few enrolled lines some signal could
/// hold for (overdue, classified, frozen, maturing, late bills) as a row of facts each, without loading
/// the lines, plus the lines that have open warnings; the signals are worked on those rows in memory;
/// only the changes are written. Once per date: the date's <see cref="WarningScan"/> row is inserted
/// first in the same transaction, so a second instance waits for the first and then finds it, and a
/// close run again after a crash computes the date again only if nothing of it was committed.
/// </summary>
public sealed class EarlyWarningClose(IServiceScopeFactory scopes, IClock clock, EarlyWarningSettings settings,
    ILogger<EarlyWarningClose> log)
{
    private const int Batch = 1000;

    public async Task RunAsync(LocalDate date, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>();
        if (await db.WarningScans.AnyAsync(s => s.BusinessDate == date, ct)) return;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var at = clock.GetCurrentInstant();
        var scan = new WarningScan { BusinessDate = date, ScannedAt = at };
        db.WarningScans.Add(scan);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return; // another instance computed this date's warnings
        }

        var on = date.PlusDays(1);
        var facts = await CandidatesAsync(db, date, on, ct);
        var open = await db.Warnings.Where(w => w.ClearedOn == null).ToListAsync(ct);
        var missing = open.Select(w => w.LineId).Distinct().Where(id => !facts.ContainsKey(id)).ToList();
        foreach (var chunk in missing.Chunk(Batch))
            foreach (var f in await FactsQuery(db.CreditLines.AsNoTracking().Where(l => chunk.Contains(l.Id))).ToListAsync(ct))
                facts[f.LineId] = f;

        var departments = await db.SubsidyPrograms.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.OrgDepartmentId, ct);
        var cases = (await db.WarningCases.Where(c => c.State != CaseState.Resolved).ToListAsync(ct))
            .ToDictionary(c => (c.DepartmentId, c.BorrowerId));
        var casesById = cases.Values.ToDictionary(c => c.Id);
        var openByLine = open.ToLookup(w => w.LineId);
        var (raised, cleared) = (0, 0);

        foreach (var line in facts.Values)
        {
            var current = openByLine[line.LineId].ToDictionary(w => w.Kind);
            // A line that left its programme (renewed, say) is no longer watched: its warnings clear.
            var signals = line.ProgramId == Guid.Empty ? []
                : Signals.For(line, on, settings.For(line.ProgramId), current.ContainsKey(WarningKind.SubsidyForfeited));
            foreach (var signal in signals)
            {
                if (current.Remove(signal.Kind, out var holding))
                {
                    holding.Refresh(signal, on);
                    continue;
                }
                if (!departments.TryGetValue(line.ProgramId, out var department)) continue;
                var owner = CaseFor(db, cases, casesById, department, line, on, at);
                var warning = Warning.Raise(Guid.NewGuid(), line, department, owner.Id, signal, on);
                db.Warnings.Add(warning);
                owner.Add(warning, at);
                open.Add(warning);
                raised++;
            }
            foreach (var gone in current.Values)
            {
                gone.Clear(on);
                if (casesById.TryGetValue(gone.CaseId, out var owner)) owner.Cleared(gone, at);
                cleared++;
            }
        }
        // Warnings of lines that no longer exist for early warning (none should) clear too.
        foreach (var orphan in open.Where(w => w.IsOpen && !facts.ContainsKey(w.LineId)))
        {
            orphan.Clear(on);
            if (casesById.TryGetValue(orphan.CaseId, out var owner)) owner.Cleared(orphan, at);
            cleared++;
        }

        var stillOpen = open.Where(w => w.IsOpen).ToLookup(w => w.CaseId);
        foreach (var c in casesById.Values)
            c.Settle(stillOpen[c.Id].ToList(), on, at);

        scan.LinesRead = facts.Count;
        scan.Raised = raised;
        scan.Cleared = cleared;
        scan.DurationMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (raised + cleared > 0)
            log.LogInformation("Early warning for {BusinessDate}: {Lines} lines read, {Raised} warnings raised, {Cleared} cleared",
                date, facts.Count, raised, cleared);
    }

    /// <summary>The open case of the borrower with the department, or a new one (发现).</summary>
    private static WarningCase CaseFor(LoanServiceDbContext db, Dictionary<(Guid, Guid), WarningCase> cases,
        Dictionary<Guid, WarningCase> byId, Guid department, LineFacts line, LocalDate on, Instant at)
    {
        if (cases.TryGetValue((department, line.BorrowerId), out var open)) return open;
        var created = WarningCase.Open(Guid.NewGuid(), department, line.BorrowerId, line.CooperativeId, on, at);
        db.WarningCases.Add(created);
        cases[(department, line.BorrowerId)] = created;
        byId[created.Id] = created;
        return created;
    }

    /// <summary>
    /// Enrolled open lines some signal could hold for on <paramref name="on"/>: a superset of what
    /// <see cref="Signals.For"/> finds (it decides), in one query over indexed columns.
    /// </summary>
    private async Task<Dictionary<Guid, LineFacts>> CandidatesAsync(LoanServiceDbContext db, LocalDate date, LocalDate on,
        CancellationToken ct)
    {
        var window = on.PlusDays(settings.WidestMaturityWindow);
        var facts = await FactsQuery(db.CreditLines.AsNoTracking().Where(CreditLine.IsOpenQuery)
                .Where(l => l.SubsidyProgramId != null)
                .Where(l => l.OverdueSince != null
                            || l.Classification != Classification.Normal
                            || l.Status == CreditLineStatus.Frozen
                            || (l.MaturityDate >= on && l.MaturityDate <= window && l.MaturityDate == l.OriginalMaturityDate
                                && l.Principal != Money.Zero)
                            || EF.Property<string>(l, "StoredBillRecord").Contains("L")))
            .ToDictionaryAsync(f => f.LineId, ct);
        // A forfeiture turns a bill overdue the same night: only overdue lines can have one.
        var overdue = facts.Values.Where(f => f.OverdueSince is not null).Select(f => f.LineId).ToList();
        foreach (var chunk in overdue.Chunk(Batch))
        {
            var forfeited = await db.SubsidyPeriods.AsNoTracking()
                .Where(p => chunk.Contains(p.LineId) && p.ForfeitedOn == date)
                .Select(p => new { p.LineId, p.Amount }).ToListAsync(ct);
            foreach (var g in forfeited.GroupBy(p => p.LineId))
                facts[g.Key] = facts[g.Key] with { ForfeitedToday = g.Sum(p => p.Amount) };
        }
        return facts;
    }

    private static IQueryable<LineFacts> FactsQuery(IQueryable<CreditLine> lines) => lines.Select(l => new LineFacts(
        l.Id, l.BorrowerId, l.CooperativeId, l.SubsidyProgramId ?? Guid.Empty, l.Status, l.MaturityDate,
        l.OriginalMaturityDate, l.Principal, l.OverdueAmount, l.OverdueSince, l.Classification,
        EF.Property<string>(l, "StoredBillRecord"), new Money(0m)));
}
