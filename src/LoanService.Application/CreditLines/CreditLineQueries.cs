using LoanService.Domain.CreditLines;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Application.CreditLines;

/// <summary>Lines of a page, and whether more follow.</summary>
public sealed record LinePage(IReadOnlyList<LineAfter> Lines, bool More);

/// <summary>Rows of a page, and whether more follow.</summary>
public sealed record RowPage<T>(IReadOnlyList<T> Rows, bool More);

/// <summary>A line's class on a business date (<see cref="CreditLineQueries.ClassificationOnAsync"/>).</summary>
public sealed record ClassificationOn(Guid LineId, LocalDate Date, Classification Classification);

/// <summary>What a cooperative reads of its lines: nothing here writes.</summary>
public sealed class CreditLineQueries(LoanServiceDbContext db, BusinessCalendarStore calendar)
{
    /// <summary>A line as owed on the current business date.</summary>
    public async Task<LineAfter> GetAsync(Guid cooperativeId, Guid id, CancellationToken ct)
    {
        var line = await CreditLineAccess.LoadAsync(db, cooperativeId, id, track: false, ct);
        return new LineAfter(line, await calendar.CurrentForReadAsync(ct), await SubsidyLedger.ReadAsync(db, [line], ct));
    }

    /// <summary>结清金额: what repays the line in full today.</summary>
    public async Task<PayoffQuote> PayoffQuoteAsync(Guid cooperativeId, Guid id, CancellationToken ct)
    {
        var line = await CreditLineAccess.LoadAsync(db, cooperativeId, id, track: false, ct);
        var today = await calendar.CurrentForReadAsync(ct);
        return line.ViewOn(today).PayoffOn(today, await SubsidyLedger.ReadAsync(db, [line], ct));
    }

    /// <summary>The cooperative's lines by id after <paramref name="after"/>, filtered, <paramref name="size"/> at most.</summary>
    public async Task<LinePage> ListAsync(Guid cooperativeId, CreditLineStatus? status, Classification? classification,
        Guid? after, int size, CancellationToken ct)
    {
        var query = db.CreditLines.AsNoTracking().Where(l => l.CooperativeId == cooperativeId);
        if (status is { } s) query = query.Where(l => l.Status == s);
        if (classification is { } c) query = query.Where(l => l.Classification == c);
        if (after is { } a) query = query.Where(l => l.Id.CompareTo(a) > 0);
        var lines = await query.OrderBy(l => l.Id).Take(size + 1).ToListAsync(ct);
        var today = await calendar.CurrentAsync(ct);
        var page = lines.Take(size).ToList();
        var subsidies = await SubsidyLedger.ReadAsync(db, page, ct);
        return new LinePage(page.Select(l => new LineAfter(l, today, subsidies)).ToList(), lines.Count > size);
    }

    /// <summary>The line's journal after sequence <paramref name="after"/>, oldest first.</summary>
    public async Task<RowPage<JournalEntryRow>> JournalAsync(Guid cooperativeId, Guid id, int after, int size,
        CancellationToken ct)
    {
        var line = await CreditLineAccess.LoadAsync(db, cooperativeId, id, track: false, ct);
        var rows = await db.Journal.AsNoTracking()
            .Where(e => e.LineId == line.Id && e.Sequence > after)
            .OrderBy(e => e.Sequence).Take(size + 1).ToListAsync(ct);
        return new RowPage<JournalEntryRow>(rows.Take(size).ToList(), rows.Count > size);
    }

    /// <summary>The line's changes of class, oldest first (none for a line whose class never changed since history was kept).</summary>
    public async Task<IReadOnlyList<ClassificationChange>> ClassificationHistoryAsync(Guid cooperativeId, Guid id,
        CancellationToken ct)
    {
        var line = await CreditLineAccess.LoadAsync(db, cooperativeId, id, track: false, ct);
        return await ChangesAsync(line.Id, ct);
    }

    /// <summary>
    /// The line's class on <paramref name="on"/> (the current business date when not given), from its changes
    /// and its class now (<see cref="ClassificationHistory.On"/>). A date before the line's start or after the
    /// current business date is refused (<c>request.invalid</c> on <c>on</c>).
    /// </summary>
    public async Task<ClassificationOn> ClassificationOnAsync(Guid cooperativeId, Guid id, LocalDate? on, CancellationToken ct)
    {
        var line = await CreditLineAccess.LoadAsync(db, cooperativeId, id, track: false, ct);
        var today = await calendar.CurrentForReadAsync(ct);
        var date = on ?? today;
        if (date < line.StartDate)
            throw RequestValidationException.For("on",
                $"on must not be before the line's start date {line.StartDate:yyyy-MM-dd}.");
        if (date > today)
            throw RequestValidationException.For("on",
                $"on must not be after the current business date {today:yyyy-MM-dd}.");
        var changes = await ChangesAsync(line.Id, ct);
        return new ClassificationOn(line.Id, date, ClassificationHistory.On(changes, line.Classification, date));
    }

    private async Task<IReadOnlyList<ClassificationChange>> ChangesAsync(Guid lineId, CancellationToken ct) =>
        (await db.ClassificationChanges.AsNoTracking().Where(c => c.LineId == lineId)
            .OrderBy(c => c.EffectiveDate).ThenBy(c => c.Id).ToListAsync(ct))
        .Select(c => c.ToChange()).ToList();

    /// <summary>The line's SMS notices, oldest first, skipping <paramref name="skip"/>.</summary>
    public async Task<RowPage<SmsNotice>> NoticesAsync(Guid cooperativeId, Guid id, int skip, int size, CancellationToken ct)
    {
        var line = await CreditLineAccess.LoadAsync(db, cooperativeId, id, track: false, ct);
        var rows = await db.SmsNotices.AsNoTracking().Where(n => n.LineId == line.Id)
            .OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).Skip(skip).Take(size + 1).ToListAsync(ct);
        return new RowPage<SmsNotice>(rows.Take(size).ToList(), rows.Count > size);
    }
}
