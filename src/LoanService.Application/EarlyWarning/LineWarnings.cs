using LoanService.Domain;
using LoanService.Domain.Borrowers;
using LoanService.Domain.EarlyWarning;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Application.EarlyWarning;

/// <summary>A warning as the cooperative sees it: on its own line, with the borrower masked; nothing of the department's case.</summary>
public sealed record CooperativeWarning(WarningView Warning, string BorrowerName, string RegionCode, string Township);

public sealed record WarningFilter(bool? Open = null, WarningSeverity? Severity = null, WarningKind? Kind = null,
    string? Township = null);

/// <summary>The cooperative's side of early warning: the warnings on its lines, and the borrower's agreement to be named.</summary>
public sealed class LineWarnings(LoanServiceDbContext db, BusinessCalendarStore calendar)
{
    /// <summary>Warnings on <paramref name="cooperativeId"/>'s lines after <paramref name="after"/> in id order, one more than <paramref name="size"/>.</summary>
    public async Task<IReadOnlyList<CooperativeWarning>> ListAsync(Guid cooperativeId, WarningFilter filter, int size, Guid? after,
        CancellationToken ct = default)
    {
        var query = from w in db.Warnings.AsNoTracking()
            join b in db.Borrowers.AsNoTracking() on w.BorrowerId equals b.Id
            where w.CooperativeId == cooperativeId
            select new { w, b.Name, b.RegionCode };
        if (filter.Open is true) query = query.Where(x => x.w.ClearedOn == null);
        if (filter.Open is false) query = query.Where(x => x.w.ClearedOn != null);
        if (filter.Severity is { } severity) query = query.Where(x => x.w.Severity == severity);
        if (filter.Kind is { } kind) query = query.Where(x => x.w.Kind == kind);
        if (filter.Township is { } township) query = query.Where(x => x.RegionCode.StartsWith(township));
        if (after is { } a) query = query.Where(x => x.w.Id.CompareTo(a) > 0);
        var rows = await query.OrderBy(x => x.w.Id).Take(size + 1).ToListAsync(ct);
        return rows.Select(x => new CooperativeWarning(WarningView.From(x.w), x.Name.Masked, x.RegionCode,
            Regions.Township(x.RegionCode))).ToList();
    }

    /// <summary>Records whether the borrower agreed that the department may know them by name, dated today.</summary>
    public async Task<Borrower> RecordNameDisclosureAsync(Guid cooperativeId, Guid borrowerId, bool agreed,
        CancellationToken ct = default)
    {
        var borrower = await db.Borrowers.SingleOrDefaultAsync(b => b.Id == borrowerId, ct);
        if (borrower is null || borrower.CooperativeId != cooperativeId)
            throw new DomainException("borrower.not_found", $"Borrower {borrowerId} was not found.", RefusalKind.NotFound);
        borrower.RecordNameDisclosure(agreed, await calendar.CurrentAsync(ct));
        await db.SaveChangesAsync(ct);
        return borrower;
    }
}
