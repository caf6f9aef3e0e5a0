using LoanService.Domain.CreditLines;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LoanService.Application.CreditLines;

/// <summary>A cooperative reaches only its own lines: another cooperative's line is not found.</summary>
internal static class CreditLineAccess
{
    public static CreditLine Owned(CreditLine? line, Guid cooperativeId, Guid id) =>
        line is not null && line.CooperativeId == cooperativeId
            ? line
            : throw new NotFoundException("credit_line.not_found", $"Credit line {id} was not found.");

    public static async Task<CreditLine> LoadAsync(LoanServiceDbContext db, Guid cooperativeId, Guid id, bool track,
        CancellationToken ct)
    {
        var query = track ? db.CreditLines : db.CreditLines.AsNoTracking();
        return Owned(await query.SingleOrDefaultAsync(l => l.Id == id, ct), cooperativeId, id);
    }
}
