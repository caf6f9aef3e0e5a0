using LoanService.Domain.Borrowers;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Application.Subsidies;

/// <summary>A claim with its programme and the cooperative's name, as the CSV download shows it.</summary>
public sealed record ClaimForExport(SubsidyClaim Claim, SubsidyProgram Program, string CooperativeName);

/// <summary>
/// 贴息申报, one use case per step of a claim's lifecycle: the cooperative submits, the programme's department
/// approves or rejects it and marks it paid. Each loads the claim the caller may see, asks
/// <see cref="SubsidyClaim"/> to make the step (which refuses what its state does not allow) and saves. The
/// REST API and the department's page both call these.
/// </summary>
public sealed class SubsidyClaims(LoanServiceDbContext db, BusinessCalendarStore calendar, IClock clock,
    SubsidyPrograms programs)
{
    /// <summary>
    /// Claims the cooperative's earned, not yet claimed subsidy of the periods billed from
    /// <paramref name="start"/> to <paramref name="end"/> (neither: the last whole calendar quarter).
    /// Two claims at once for the same periods: the second finds them taken (a period's claim is checked on update).
    /// </summary>
    public async Task<SubsidyClaim> SubmitAsync(Caller caller, Guid programId, LocalDate? start, LocalDate? end)
    {
        var program = await programs.GetAsync(caller, programId);
        if (start is null && end is not null)
            throw RequestValidationException.For("periodStart", "periodStart is required with periodEnd.");
        if (end is null && start is not null)
            throw RequestValidationException.For("periodEnd", "periodEnd is required with periodStart.");
        var today = await calendar.CurrentAsync();
        var (from, to) = SubsidyClaim.PeriodOf(start, end, today);
        var cooperativeId = caller.CooperativeId;

        await using var transaction = await db.Database.BeginTransactionAsync();
        var periods = await db.SubsidyPeriods
            .Where(p => p.ProgramId == program.Id && p.CooperativeId == cooperativeId && p.ClaimId == null
                        && p.State == SubsidyPeriodState.Earned && p.BilledOn >= from && p.BilledOn <= to)
            .OrderBy(p => p.BilledOn).ThenBy(p => p.LineId).ToListAsync();
        periods.RemoveAll(p => !p.Amount.IsPositive);
        var borrowerIds = periods.Select(p => p.BorrowerId).Distinct().ToList();
        var borrowers = await db.Borrowers.AsNoTracking().Where(b => borrowerIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id);

        var items = periods.Select(p =>
        {
            var borrower = borrowers[p.BorrowerId];
            return new SubsidyClaimItem
            {
                PeriodId = p.Id, LineId = p.LineId, BorrowerId = p.BorrowerId,
                BorrowerName = borrower.Name.Masked, ResidentId = borrower.ResidentId.Masked,
                Township = Regions.Township(borrower.RegionCode), PeriodStart = p.PeriodStart, PeriodEnd = p.BilledOn,
                Days = p.Days, AveragePrincipal = SubsidyPeriod.Average(p.BaseDays, p.Days),
                AnnualRate = p.AnnualRate, Amount = p.Amount,
            };
        }).ToList();
        var claim = SubsidyClaim.Submit(Guid.NewGuid(), program, cooperativeId, from, to, items, today,
            clock.GetCurrentInstant());
        foreach (var p in periods) p.ClaimId = claim.Id;
        db.SubsidyClaims.Add(claim);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return claim;
    }

    /// <summary>审核通过.</summary>
    public Task<SubsidyClaim> ApproveAsync(Caller caller, Guid id) =>
        DecideAsync(caller, id, (claim, today, now, _) => claim.Approve(today, now));

    /// <summary>退回, with an optional reason; the claim's periods are claimable again.</summary>
    public Task<SubsidyClaim> RejectAsync(Caller caller, Guid id, string? reason) =>
        DecideAsync(caller, id, (claim, today, now, periods) =>
        {
            claim.Reject(reason, today, now);
            foreach (var p in periods) p.ClaimId = null;
        });

    /// <summary>标记已拨付.</summary>
    public Task<SubsidyClaim> MarkPaidAsync(Caller caller, Guid id) =>
        DecideAsync(caller, id, (claim, today, now, _) => claim.MarkPaid(today, now));

    /// <summary>The programme's claims the caller may see (a cooperative its own), newest first, without their items.</summary>
    public async Task<IReadOnlyList<SubsidyClaim>> ListAsync(Caller caller, Guid programId)
    {
        var program = await programs.GetAsync(caller, programId);
        return await ListOfAsync(caller, program);
    }

    /// <summary>As <see cref="ListAsync"/>, for a programme already loaded for the caller.</summary>
    public async Task<IReadOnlyList<SubsidyClaim>> ListOfAsync(Caller caller, SubsidyProgram program)
    {
        var query = db.SubsidyClaims.AsNoTracking().Where(c => c.ProgramId == program.Id);
        if (caller.Role == ApiRole.Cooperative) query = query.Where(c => c.CooperativeId == caller.TenantId);
        return (await query.ToListAsync()).OrderByDescending(c => c.SubmittedAt).ToList();
    }

    /// <summary>A claim the caller may see, with its items.</summary>
    public async Task<SubsidyClaim> GetAsync(Caller caller, Guid id) => (await LoadAsync(caller, id, track: false)).Claim;

    /// <summary>A claim the caller may see, with what its CSV download shows beside it.</summary>
    public async Task<ClaimForExport> ExportAsync(Caller caller, Guid id)
    {
        var (claim, program) = await LoadAsync(caller, id, track: false);
        var cooperative = await db.Cooperatives.AsNoTracking().Where(c => c.Id == claim.CooperativeId)
            .Select(c => c.Name).SingleAsync();
        return new ClaimForExport(claim, program, cooperative);
    }

    private async Task<SubsidyClaim> DecideAsync(Caller caller, Guid id,
        Action<SubsidyClaim, LocalDate, Instant, List<SubsidyPeriodRow>> decide)
    {
        var (claim, _) = await LoadAsync(caller, id, track: true);
        var periods = await db.SubsidyPeriods.Where(p => p.ClaimId == claim.Id).ToListAsync();
        decide(claim, await calendar.CurrentAsync(), clock.GetCurrentInstant(), periods);
        await db.SaveChangesAsync();
        return claim;
    }

    /// <summary>A claim the caller may see: its cooperative's, or one of its department's programmes; any other is not found.</summary>
    private async Task<(SubsidyClaim Claim, SubsidyProgram Program)> LoadAsync(Caller caller, Guid id, bool track)
    {
        var query = track ? db.SubsidyClaims : db.SubsidyClaims.AsNoTracking();
        var claim = await query.Include(c => c.Items).SingleOrDefaultAsync(c => c.Id == id);
        var program = claim is null ? null : await db.SubsidyPrograms.AsNoTracking().SingleAsync(p => p.Id == claim.ProgramId);
        var visible = claim is not null && caller.Role switch
        {
            ApiRole.OrgDepartment => program!.OrgDepartmentId == caller.TenantId,
            ApiRole.Cooperative => claim.CooperativeId == caller.TenantId,
            _ => false,
        };
        return visible ? (claim!, program!) : throw new NotFoundException("subsidy_claim.not_found", $"Subsidy claim {id} was not found.");
    }
}
