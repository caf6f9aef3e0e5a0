using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>Reads and moves the service's single business date.</summary>
public sealed class BusinessCalendarStore(LoanServiceDbContext db)
{
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public async Task<LocalDate> CurrentAsync(CancellationToken ct = default) =>
        (await db.BusinessCalendar.AsNoTracking().SingleAsync(c => c.Id == BusinessCalendar.SingletonId, ct))
        .BusinessDate;
}
