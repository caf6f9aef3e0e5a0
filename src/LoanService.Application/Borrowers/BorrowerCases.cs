using LoanService.Domain.Borrowers;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LoanService.Application.Borrowers;

/// <summary>What a borrower registers with (the API passes the fields as sent; the domain checks them).</summary>
public sealed record BorrowerDetails(string? Name, string? ResidentId, string? Mobile, string? RegionCode,
    string? PartyBranch, bool InDifficulty, bool RegisteredPoor, bool SmsOptOut);

/// <summary>A cooperative's borrowers: registered once per resident ID, seen only by their cooperative.</summary>
public sealed class BorrowerCases(LoanServiceDbContext db)
{
    public async Task<Borrower> RegisterAsync(Guid cooperativeId, BorrowerDetails d, CancellationToken ct)
    {
        var borrower = Borrower.Register(Guid.NewGuid(), cooperativeId, d.Name, d.ResidentId, d.Mobile, d.RegionCode,
            d.PartyBranch, d.InDifficulty, d.RegisteredPoor, d.SmsOptOut);
        var residentId = borrower.ResidentId;
        if (await db.Borrowers.AnyAsync(b => b.CooperativeId == cooperativeId && b.ResidentId == residentId, ct))
            throw new ConflictException("borrower.already_registered",
                $"A borrower with resident ID {residentId.Masked} is already registered with this cooperative.");
        db.Borrowers.Add(borrower);
        await db.SaveChangesAsync(ct);
        return borrower;
    }

    public async Task<Borrower> GetAsync(Guid cooperativeId, Guid id, CancellationToken ct)
    {
        var borrower = await db.Borrowers.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct);
        return borrower is not null && borrower.CooperativeId == cooperativeId
            ? borrower
            : throw new NotFoundException("borrower.not_found", $"Borrower {id} was not found.");
    }
}
