using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using LoanService.Api.CreditLines;
using LoanService.Api.Setup;
using LoanService.Domain;
using LoanService.Domain.Borrowers;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Api.Subsidies;

/// <summary>Both dates optional: without them the claim is for the last whole calendar quarter before today.</summary>
public sealed record CreateClaimRequest(LocalDate? PeriodStart, LocalDate? PeriodEnd);

public sealed record ClaimDecisionRequest([StringLength(500)] string? Reason);

public sealed record ClaimItemResponse(int No, Guid LineId, Guid BorrowerId, string BorrowerName, string ResidentId,
    string Township, LocalDate PeriodStart, LocalDate PeriodEnd, int Days, decimal Principal, decimal AnnualRate,
    decimal Amount);

/// <summary>先缴后补: what each borrower is refunded.</summary>
public sealed record RefundResponse(Guid BorrowerId, string BorrowerName, string ResidentId, int Periods, decimal Amount);

public sealed record ClaimResponse(Guid Id, Guid ProgramId, Guid CooperativeId, SubsidyMode Mode, LocalDate PeriodStart,
    LocalDate PeriodEnd, SubsidyClaimState State, decimal Total, int ItemCount, LocalDate SubmittedOn,
    LocalDate? DecidedOn, LocalDate? PaidOn, string? Reason, IReadOnlyList<ClaimItemResponse> Items,
    IReadOnlyList<RefundResponse>? Refunds)
{
    public static ClaimResponse From(SubsidyClaim c, bool withItems = true)
    {
        var items = withItems
            ? c.Items.OrderBy(i => i.ItemNo).Select(i => new ClaimItemResponse(i.ItemNo, i.LineId, i.BorrowerId,
                i.BorrowerName, i.ResidentId, i.Township, i.PeriodStart, i.PeriodEnd, i.Days, i.AveragePrincipal.Yuan(),
                Decimals.Trimmed(i.AnnualRate), i.Amount.Yuan())).ToList()
            : [];
        var refunds = c.Mode == SubsidyMode.BorrowerRefund && withItems
            ? Claims.Refunds(c).Select(r => r with { Amount = Decimals.WithScale(r.Amount, 2) }).ToList()
            : null;
        return new ClaimResponse(c.Id, c.ProgramId, c.CooperativeId, c.Mode, c.PeriodStart, c.PeriodEnd, c.State,
            c.Total.Yuan(), c.ItemCount, c.SubmittedOn, c.DecidedOn, c.PaidOn, c.Reason, items, refunds);
    }
}

/// <summary>
/// 贴息申报: a cooperative claims its earned, not yet claimed subsidy of the periods billed between two
/// dates; the programme's department approves or rejects it and marks it paid.
/// </summary>
public static class Claims
{
    public static async Task<Created<ClaimResponse>> Create(Guid id, CreateClaimRequest? request, HttpContext http,
        LoanServiceDbContext db, BusinessCalendarStore calendar, IClock clock)
    {
        var caller = Caller.From(http.User);
        var program = await SubsidyProgramsApi.LoadAsync(db, caller, id);
        var today = await calendar.CurrentAsync();
        var (start, end) = Period(request, today);
        var cooperativeId = caller.CooperativeId;

        await using var transaction = await db.Database.BeginTransactionAsync();
        var periods = await db.SubsidyPeriods
            .Where(p => p.ProgramId == program.Id && p.CooperativeId == cooperativeId && p.ClaimId == null
                        && p.State == SubsidyPeriodState.Earned && p.BilledOn >= start && p.BilledOn <= end)
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
                Days = p.Days, AveragePrincipal = LoanService.Domain.CreditLines.SubsidyPeriod.Average(p.BaseDays, p.Days),
                AnnualRate = p.AnnualRate, Amount = p.Amount,
            };
        }).ToList();
        var claim = SubsidyClaim.Submit(Guid.NewGuid(), program, cooperativeId, start, end, items, today,
            clock.GetCurrentInstant());
        foreach (var p in periods) p.ClaimId = claim.Id;
        db.SubsidyClaims.Add(claim);
        // Two claims at once for the same periods: the second finds them taken (ClaimId is checked on update).
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return TypedResults.Created($"/api/v1/subsidy-claims/{claim.Id}", ClaimResponse.From(claim));
    }

    public static async Task<Ok<Page<ClaimResponse>>> List(Guid id, HttpContext http, LoanServiceDbContext db,
        int? limit = null, string? cursor = null)
    {
        var caller = Caller.From(http.User);
        var program = await SubsidyProgramsApi.LoadAsync(db, caller, id);
        var query = db.SubsidyClaims.AsNoTracking().Where(c => c.ProgramId == program.Id);
        if (caller.Role == ApiRole.Cooperative) query = query.Where(c => c.CooperativeId == caller.TenantId);
        var claims = await query.ToListAsync();
        IReadOnlyList<ClaimResponse> list = claims.OrderByDescending(c => c.SubmittedAt)
            .Select(c => ClaimResponse.From(c, withItems: false)).ToList();
        return TypedResults.Ok(Paging.Of(list, limit, cursor));
    }

    public static async Task<IResult> Get(Guid id, HttpContext http, LoanServiceDbContext db)
    {
        var caller = Caller.From(http.User);
        var (claim, program) = await LoadAsync(db, caller, id, track: false);
        var accept = http.Request.Headers.Accept.ToString();
        if (accept.Contains("text/csv", StringComparison.OrdinalIgnoreCase))
            return await CsvFileAsync(db, claim, program);
        return TypedResults.Ok(ClaimResponse.From(claim));
    }

    public static Task<Ok<ClaimResponse>> Approve(Guid id, HttpContext http, LoanServiceDbContext db,
        BusinessCalendarStore calendar, IClock clock) =>
        DecideAsync(id, http, db, calendar, clock, (claim, today, now, _) => claim.Approve(today, now));

    public static Task<Ok<ClaimResponse>> Reject(Guid id, ClaimDecisionRequest? request, HttpContext http,
        LoanServiceDbContext db, BusinessCalendarStore calendar, IClock clock) =>
        DecideAsync(id, http, db, calendar, clock, (claim, today, now, periods) =>
        {
            claim.Reject(request?.Reason, today, now);
            foreach (var p in periods) p.ClaimId = null; // claimable again
        });

    public static Task<Ok<ClaimResponse>> MarkPaid(Guid id, HttpContext http, LoanServiceDbContext db,
        BusinessCalendarStore calendar, IClock clock) =>
        DecideAsync(id, http, db, calendar, clock, (claim, today, now, _) => claim.MarkPaid(today, now));

    internal static IEnumerable<RefundResponse> Refunds(SubsidyClaim claim) =>
        claim.Items.GroupBy(i => i.BorrowerId)
            .Select(g => new RefundResponse(g.Key, g.First().BorrowerName, g.First().ResidentId, g.Count(),
                g.Sum(i => i.Amount).Yuan()))
            .OrderBy(r => r.ResidentId, StringComparer.Ordinal);

    private static async Task<Ok<ClaimResponse>> DecideAsync(Guid id, HttpContext http, LoanServiceDbContext db,
        BusinessCalendarStore calendar, IClock clock, Action<SubsidyClaim, LocalDate, Instant, List<SubsidyPeriodRow>> decide)
    {
        var caller = Caller.From(http.User);
        var (claim, _) = await LoadAsync(db, caller, id, track: true);
        var periods = await db.SubsidyPeriods.Where(p => p.ClaimId == claim.Id).ToListAsync();
        decide(claim, await calendar.CurrentAsync(), clock.GetCurrentInstant(), periods);
        await db.SaveChangesAsync();
        return TypedResults.Ok(ClaimResponse.From(claim));
    }

    /// <summary>A claim the caller may see: its cooperative's, or one of its department's programmes.</summary>
    private static async Task<(SubsidyClaim, SubsidyProgram)> LoadAsync(LoanServiceDbContext db, Caller caller, Guid id, bool track)
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

    /// <summary>The claim's period: as asked, or the last whole calendar quarter before <paramref name="today"/>.</summary>
    private static (LocalDate, LocalDate) Period(CreateClaimRequest? request, LocalDate today)
    {
        if (request?.PeriodStart is null && request?.PeriodEnd is null)
        {
            var quarterStart = new LocalDate(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
            return (quarterStart.PlusMonths(-3), quarterStart.PlusDays(-1));
        }
        var start = request.PeriodStart ?? throw RequestValidationException.For("periodStart", "periodStart is required with periodEnd.");
        var end = request.PeriodEnd ?? throw RequestValidationException.For("periodEnd", "periodEnd is required with periodStart.");
        if (end < start)
            throw new DomainException(ErrorCodes.ClaimPeriodInvalid, "periodEnd must not be before periodStart.",
                RefusalKind.Invalid) { Field = "periodEnd" };
        if (end >= today)
            throw new DomainException(ErrorCodes.ClaimPeriodInvalid,
                $"A claim is for closed business dates: periodEnd must be before {today:yyyy-MM-dd}.",
                RefusalKind.Invalid) { Field = "periodEnd" };
        return (start, end);
    }

    /// <summary>The claim as a CSV download, for the API and the department's page alike.</summary>
    internal static async Task<IResult> CsvFileAsync(LoanServiceDbContext db, SubsidyClaim claim, SubsidyProgram program)
    {
        var cooperative = await db.Cooperatives.AsNoTracking().Where(c => c.Id == claim.CooperativeId)
            .Select(c => c.Name).SingleAsync();
        var file = $"subsidy-claim-{claim.SubmittedOn:yyyyMMdd}-{claim.Id.ToString()[..8]}.csv";
        return Results.File(Csv(claim, program, cooperative), "text/csv; charset=utf-8", file);
    }

    /// <summary>The claim as CSV for Excel: UTF-8 with a BOM (so Chinese text opens intact), CRLF lines.</summary>
    internal static byte[] Csv(SubsidyClaim claim, SubsidyProgram program, string cooperativeName)
    {
        var csv = new StringBuilder();
        void Row(params string[] cells) => csv.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
        var refund = claim.Mode == SubsidyMode.BorrowerRefund;
        Row(refund ? "贴息退付清单" : "贴息申报表", program.Name);
        Row("资金来源", program.Funder);
        Row("合作机构", cooperativeName);
        Row("申报期间", $"{claim.PeriodStart:yyyy-MM-dd}至{claim.PeriodEnd:yyyy-MM-dd}");
        Row("状态", StateText(claim.State));
        Row();
        Row("序号", "借款人", "身份证号", "乡镇区划", "授信编号", "贴息起日", "贴息止日", "贴息天数", "日均本金(元)", "贴息年利率", "贴息金额(元)");
        foreach (var i in claim.Items.OrderBy(i => i.ItemNo))
            Row(i.ItemNo.ToString(CultureInfo.InvariantCulture), i.BorrowerName, i.ResidentId, i.Township,
                i.LineId.ToString(), i.PeriodStart.Iso(), i.PeriodEnd.Iso(), i.Days.ToString(CultureInfo.InvariantCulture),
                i.AveragePrincipal.ToYuanString(), Percent(i.AnnualRate), i.Amount.ToYuanString());
        Row("合计", "", "", "", "", "", "", claim.Items.Sum(i => i.Days).ToString(CultureInfo.InvariantCulture), "", "",
            claim.Total.ToYuanString());
        if (refund)
        {
            Row();
            Row("借款人", "身份证号", "期数", "退付金额(元)");
            foreach (var r in Refunds(claim))
                Row(r.BorrowerName, r.ResidentId, r.Periods.ToString(CultureInfo.InvariantCulture),
                    r.Amount.ToString("0.00", CultureInfo.InvariantCulture));
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Percent(decimal rate) =>
        (rate * 100m).ToString("0.0000", CultureInfo.InvariantCulture) + "%";

    private static string StateText(SubsidyClaimState state) => state switch
    {
        SubsidyClaimState.Submitted => "已申报",
        SubsidyClaimState.Approved => "已审核",
        SubsidyClaimState.Rejected => "已退回",
        SubsidyClaimState.Paid => "已拨付",
        _ => state.ToString(),
    };

    /// <summary>Quoted when needed; a cell that Excel would take for a formula is prefixed with ' .</summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '@' or '\t' or '\r' || (value.StartsWith('-') && !decimal.TryParse(value, CultureInfo.InvariantCulture, out _)))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
