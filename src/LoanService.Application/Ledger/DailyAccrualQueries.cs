using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Application.Ledger;

/// <summary>A cooperative's daily 计提 (what its general ledger posts): the rows the close wrote, by date and programme.</summary>
public sealed class DailyAccrualQueries(LoanServiceDbContext db, BusinessCalendarStore calendar)
{
    /// <summary>The longest range one request reads: a year and a day.</summary>
    public const int MaxDays = 366;

    /// <summary>
    /// The rows of <paramref name="cooperativeId"/> from <paramref name="from"/> to <paramref name="to"/> (by
    /// default the last 31 closed dates), oldest first, lines in no programme before a programme's.
    /// </summary>
    public async Task<IReadOnlyList<DailyAccrualRow>> ListAsync(Guid cooperativeId, LocalDate? from, LocalDate? to,
        CancellationToken ct)
    {
        var lastClosed = (await calendar.CurrentForReadAsync(ct)).PlusDays(-1);
        var end = to ?? lastClosed;
        var start = from ?? end.PlusDays(-30);
        if (start > end)
            throw RequestValidationException.For("from", $"from ({start:yyyy-MM-dd}) is after to ({end:yyyy-MM-dd}).");
        if (Period.DaysBetween(start, end) >= MaxDays)
            throw RequestValidationException.For("to", $"At most {MaxDays} days at once.");
        var rows = await db.DailyAccruals.AsNoTracking()
            .Where(r => r.CooperativeId == cooperativeId && r.BusinessDate >= start && r.BusinessDate <= end)
            .ToListAsync(ct);
        return rows.OrderBy(r => r.BusinessDate).ThenBy(r => r.ProgramId != Guid.Empty).ThenBy(r => r.ProgramId).ToList();
    }
}
