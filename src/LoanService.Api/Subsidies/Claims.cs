using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using LoanService.Api.CreditLines;
using LoanService.Api.Setup;
using LoanService.Domain;
using LoanService.Application.Subsidies;
using LoanService.Domain.Subsidies;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace LoanService.Api.Subsidies;

/// <summary>Both dates optional: without them the claim is for the last whole calendar quarter before today.</summary>
public sealed record CreateClaimRequest(LocalDate? PeriodStart, LocalDate? PeriodEnd);

public sealed record ClaimDecisionRequest([StringLength(FreeText.ReasonMaxLength)] string? Reason);

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
        SubsidyClaims claims)
    {
        var claim = await claims.SubmitAsync(Caller.From(http.User), id, request?.PeriodStart, request?.PeriodEnd);
        return TypedResults.Created($"/api/v1/subsidy-claims/{claim.Id}", ClaimResponse.From(claim));
    }

    public static async Task<Ok<Page<ClaimResponse>>> List(Guid id, HttpContext http, SubsidyClaims claims,
        int? limit = null, string? cursor = null)
    {
        IReadOnlyList<ClaimResponse> list = (await claims.ListAsync(Caller.From(http.User), id))
            .Select(c => ClaimResponse.From(c, withItems: false)).ToList();
        return TypedResults.Ok(Paging.Of(list, limit, cursor));
    }

    public static async Task<IResult> Get(Guid id, HttpContext http, SubsidyClaims claims)
    {
        var caller = Caller.From(http.User);
        var accept = http.Request.Headers.Accept.ToString();
        if (accept.Contains("text/csv", StringComparison.OrdinalIgnoreCase))
            return CsvFile(await claims.ExportAsync(caller, id));
        return TypedResults.Ok(ClaimResponse.From(await claims.GetAsync(caller, id)));
    }

    public static async Task<Ok<ClaimResponse>> Approve(Guid id, HttpContext http, SubsidyClaims claims) =>
        TypedResults.Ok(ClaimResponse.From(await claims.ApproveAsync(Caller.From(http.User), id)));

    public static async Task<Ok<ClaimResponse>> Reject(Guid id, ClaimDecisionRequest? request, HttpContext http,
        SubsidyClaims claims) =>
        TypedResults.Ok(ClaimResponse.From(await claims.RejectAsync(Caller.From(http.User), id, request?.Reason)));

    public static async Task<Ok<ClaimResponse>> MarkPaid(Guid id, HttpContext http, SubsidyClaims claims) =>
        TypedResults.Ok(ClaimResponse.From(await claims.MarkPaidAsync(Caller.From(http.User), id)));

    internal static IEnumerable<RefundResponse> Refunds(SubsidyClaim claim) =>
        claim.Items.GroupBy(i => i.BorrowerId)
            .Select(g => new RefundResponse(g.Key, g.First().BorrowerName, g.First().ResidentId, g.Count(),
                g.Sum(i => i.Amount).Yuan()))
            .OrderBy(r => r.ResidentId, StringComparer.Ordinal);

    /// <summary>The claim as a CSV download, for the API and the department's page alike.</summary>
    internal static IResult CsvFile(ClaimForExport export)
    {
        var claim = export.Claim;
        var file = $"subsidy-claim-{claim.SubmittedOn:yyyyMMdd}-{claim.Id.ToString()[..8]}.csv";
        return Results.File(Csv(claim, export.Program, export.CooperativeName), "text/csv; charset=utf-8", file);
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
