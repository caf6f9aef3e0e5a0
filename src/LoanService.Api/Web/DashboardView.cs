using System.Globalization;
using LoanService.Api.Subsidies;
using LoanService.Domain;
using LoanService.Domain.Subsidies;
using LoanService.Infrastructure.Persistence;

namespace LoanService.Api.Web;

/// <summary>
/// The department's page: per programme its budget, 贴息负债 by state, forecast, the monthly chart,
/// townships and cooperatives, and the claims waiting for it. Figures carry <c>data-figure</c> /
/// <c>data-bucket</c> attributes so that a test can find them without depending on the layout.
/// </summary>
public static class DashboardView
{
    /// <summary>The states of docs/rules.md §6, in the order money moves through them, with the API's field names.</summary>
    public static readonly IReadOnlyList<(string Field, string Label, Func<BucketsResponse, decimal> Amount)> Buckets =
    [
        ("accruedUnbilled", "应计未结", b => b.AccruedUnbilled),
        ("billedNotEarned", "已结未兑现", b => b.BilledNotEarned),
        ("earnedNotClaimed", "已兑现未申报", b => b.EarnedNotClaimed),
        ("claimedNotPaid", "已申报未拨付", b => b.ClaimedNotPaid),
        ("paid", "已拨付", b => b.Paid),
        ("forfeited", "已取消（逾期）", b => b.Forfeited),
    ];

    public static HtmlString Render(DashboardModel model, string antiforgeryToken, string? notice, bool noticeIsError,
        HtmlString? first = null)
    {
        var token = new HtmlBuilder()
            .Add($"<input type=\"hidden\" name=\"{DepartmentSession.AntiforgeryField}\" value=\"{antiforgeryToken}\">").ToHtml();
        var html = new HtmlBuilder();
        html.Add($"""
            <header class="top">
            <div><h1>贴息管理</h1><span class="who" id="department">{model.Department}（区划 {model.RegionCode}）· 营业日 {Show.Date(model.BusinessDate)}</span></div>
            <form method="post" action="/sign-out">{token}<button type="submit" class="light">退出登录</button></form>
            </header>
            <main>
            """);
        if (notice is not null)
            html.Add($"<p class=\"notice{(noticeIsError ? " error" : "")}\" role=\"status\" id=\"notice\">{notice}</p>");
        if (first is { } section) html.Add(section);
        if (model.Programs.Count == 0)
            html.Add($"<section class=\"program\"><p class=\"empty\">本部门还没有贴息项目。项目可通过 API（POST /api/v1/subsidy-programs）创建。</p></section>");
        foreach (var panel in model.Programs)
            Program(html, panel, token);
        html.Add($"""
            </main>
            <footer>金额单位：元；贴息负债截至营业日日终（应计未结四舍五入到分）。个人信息已脱敏。</footer>
            """);
        return html.ToHtml();
    }

    /// <summary>Invited cooperatives that have not accepted: their lines cannot enrol until they do.</summary>
    private static HtmlString Pending(LoanService.Domain.Subsidies.SubsidyProgram p)
    {
        var pending = p.CooperativeIds.Count(c => !p.HasAccepted(c));
        return pending == 0
            ? new HtmlString("")
            : new HtmlBuilder().Add($"<p class=\"meta\" data-figure=\"pending\">{pending} 家合作机构尚未确认参与，确认前其贷款不能纳入贴息。</p>").ToHtml();
    }

    private static void Program(HtmlBuilder html, ProgramPanel panel, HtmlString token)
    {
        var (p, r) = (panel.Program, panel.Report);
        var used = r.Totals.Used;
        html.Add($"""
            <section class="program" id="program-{p.Id}" data-program="{p.Id}">
            <h2>{p.Name}</h2>
            <p class="meta">资金来源 {p.Funder} · 区划 {p.RegionCode} · {Show.Date(p.StartDate)} 至 {Show.Date(p.EndDate)} · {RateRule(p)} · {Mode(p.Mode)} · 单户贴息本金上限 {Show.Yuan(p.PrincipalCap.Amount)}</p>
            {Pending(p)}<div class="tiles">
            <div class="tile"><span class="label">预算</span><span class="value" data-figure="budget">{Show.Yuan(r.Budget)}</span></div>
            <div class="tile"><span class="label">已使用</span><span class="value" data-figure="used">{Show.Yuan(used)}</span><span class="sub">{UsedShare(used, r.Budget)}</span></div>
            <div class="tile"><span class="label">剩余</span><span class="value" data-figure="remaining">{Show.Yuan(r.RemainingBudget)}</span>
            """);
        if (r.Exhausted)
            html.Add($"<span class=\"badge\" data-figure=\"exhausted\">已用完{(r.ExhaustedOn is { } on ? "（" + Show.Date(on) + "）" : "")}</span>");
        html.Add($"""
            </div>
            <div class="tile"><span class="label">预计至 {Show.Date(r.Forecast.To)}</span><span class="value" data-figure="forecast-total">{Show.Yuan(r.Forecast.TotalAtEnd)}</span><span class="sub">按当前余额还将贴息 {Show.Yuan(r.Forecast.Additional)}</span></div>
            </div>
            <div class="usage">{UsageBar(used, r.Budget)}</div>
            """);

        html.Add($"<h3>贴息负债（截至 {Show.Date(r.AsOf)} 日终）</h3><div class=\"scroll\"><table class=\"buckets\"><thead><tr><th>状态</th><th class=\"num\">金额</th></tr></thead><tbody>");
        foreach (var (field, label, amount) in Buckets)
            html.Add($"<tr><td>{label}</td><td class=\"num\" data-bucket=\"{field}\">{Show.Yuan(amount(r.Totals))}</td></tr>");
        html.Add($"<tr class=\"total\"><td>已使用预算（不含已取消）</td><td class=\"num\" data-bucket=\"used\">{Show.Yuan(used)}</td></tr></tbody></table></div>");

        html.Add($"<h3>每月贴息（按乡镇）</h3>");
        html.Add(SubsidyChart.Render(panel.Monthly, $"chart-{p.Id:N}"));
        html.Add($"<p class=\"meta\">按日计提的贴息，按自然月汇总；含其后因逾期取消的部分。</p>");

        html.Add($"<h3>按乡镇</h3><div class=\"scroll\"><table class=\"townships\"><thead><tr><th>乡镇</th><th class=\"num\">笔数</th><th class=\"num\">已使用</th><th class=\"num\">已兑现未申报</th><th class=\"num\">已申报未拨付</th><th class=\"num\">已拨付</th><th class=\"num\">已取消（逾期）</th></tr></thead><tbody>");
        foreach (var t in r.ByTownship)
            html.Add($"<tr data-township=\"{t.Township}\"><td>{Townships.Name(t.Township)}</td><td class=\"num\">{Show.Count(t.Lines)}</td><td class=\"num\">{Show.Yuan(t.Liabilities.Used)}</td><td class=\"num\">{Show.Yuan(t.Liabilities.EarnedNotClaimed)}</td><td class=\"num\">{Show.Yuan(t.Liabilities.ClaimedNotPaid)}</td><td class=\"num\">{Show.Yuan(t.Liabilities.Paid)}</td><td class=\"num\">{Show.Yuan(t.Liabilities.Forfeited)}</td></tr>");
        html.Add($"</tbody></table></div>");

        html.Add($"<h3>按合作机构</h3><div class=\"scroll\"><table class=\"cooperatives\"><thead><tr><th>合作机构</th><th class=\"num\">笔数</th><th class=\"num\">已使用</th><th class=\"num\">已兑现未申报</th><th class=\"num\">已申报未拨付</th><th class=\"num\">已拨付</th><th class=\"num\">已取消（逾期）</th></tr></thead><tbody>");
        foreach (var c in r.ByCooperative)
            html.Add($"<tr><td>{c.Name}</td><td class=\"num\">{Show.Count(c.Lines)}</td><td class=\"num\">{Show.Yuan(c.Liabilities.Used)}</td><td class=\"num\">{Show.Yuan(c.Liabilities.EarnedNotClaimed)}</td><td class=\"num\">{Show.Yuan(c.Liabilities.ClaimedNotPaid)}</td><td class=\"num\">{Show.Yuan(c.Liabilities.Paid)}</td><td class=\"num\">{Show.Yuan(c.Liabilities.Forfeited)}</td></tr>");
        html.Add($"</tbody></table></div>");
        // Each figure is its exact amount rounded once (docs/subsidies.md, "How the figures reconcile").
        html.Add($"<p class=\"meta\" data-figure=\"reconcile\">各数字均由精确金额四舍五入到分。“已使用”含应计未结贴息，各行之和与合计可能相差，每行不到半分；剩余 = 预算 − 显示的已使用。</p>");

        var waiting = panel.Claims.Where(c => c.Waiting).ToList();
        html.Add($"<h3>待处理的贴息申报（{waiting.Count} 笔）</h3>");
        if (waiting.Count == 0)
            html.Add($"<p class=\"empty\">没有等待审核或拨付的申报。</p>");
        else
            ClaimsTable(html, waiting, token, withActions: true, "waiting-claims");

        var done = panel.Claims.Where(c => !c.Waiting).ToList();
        if (done.Count > 0)
        {
            html.Add($"<details class=\"history\"><summary>已处理的申报（{done.Count} 笔）</summary>");
            ClaimsTable(html, done, token, withActions: false, "past-claims");
            html.Add($"</details>");
        }
        html.Add($"</section>");
    }

    private static void ClaimsTable(HtmlBuilder html, IReadOnlyList<ClaimRow> rows, HtmlString token, bool withActions, string cssClass)
    {
        html.Add($"<div class=\"scroll\"><table class=\"claims {cssClass}\"><thead><tr><th>合作机构</th><th>申报期间</th><th class=\"num\">笔数</th><th class=\"num\">金额</th><th>状态</th><th>申报日</th><th>操作</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            var c = row.Claim;
            html.Add($"""
                <tr id="claim-{c.Id}" data-claim="{c.Id}" data-state="{c.State}">
                <td>{row.Cooperative}</td><td>{Show.Date(c.PeriodStart)}至{Show.Date(c.PeriodEnd)}</td>
                <td class="num">{Show.Count(c.ItemCount)}</td><td class="num" data-figure="claim-total">{Show.Yuan(c.Total)}</td>
                <td>{State(c.State)}{(c.Reason is { } reason ? "：" + reason : "")}</td><td>{Show.Date(c.SubmittedOn)}</td>
                <td><div class="actions"><a class="button csv" href="/claims/{c.Id}/csv" download>下载 CSV</a>
                """);
            if (withActions && c.State == SubsidyClaimState.Submitted)
                html.Add($"""
                    <form class="inline" method="post" action="/claims/{c.Id}/approve">{token}<button type="submit" class="primary">审核通过</button></form>
                    <details class="reject"><summary>退回</summary><form class="inline" method="post" action="/claims/{c.Id}/reject">{token}<input name="reason" maxlength="{FreeText.ReasonMaxLength}" placeholder="退回原因（可选）"> <button type="submit">确认退回</button></form></details>
                    """);
            if (withActions && c.State == SubsidyClaimState.Approved)
                html.Add($"<form class=\"inline\" method=\"post\" action=\"/claims/{c.Id}/mark-paid\">{token}<button type=\"submit\" class=\"primary\">标记已拨付</button></form>");
            html.Add($"</div></td></tr>");
        }
        html.Add($"</tbody></table></div>");
    }

    private static HtmlString State(SubsidyClaimState state) => state switch
    {
        SubsidyClaimState.Submitted => new("<span class=\"badge wait\">已申报·待审核</span>"),
        SubsidyClaimState.Approved => new("<span class=\"badge wait\">已审核·待拨付</span>"),
        SubsidyClaimState.Paid => new("<span class=\"badge ok\">已拨付</span>"),
        SubsidyClaimState.Rejected => new("<span class=\"badge muted\">已退回</span>"),
        _ => new(HtmlBuilder.Encode(state.ToString())),
    };

    private static string RateRule(SubsidyProgram p) => p.RateRuleKind switch
    {
        SubsidyRateRuleKind.FixedRate => $"年贴息率 {Show.Percent(p.RateRuleValue)}（不超过贷款利率）",
        SubsidyRateRuleKind.ShareOfInterest => $"贴付利息的 {Show.Percent(p.RateRuleValue)}",
        SubsidyRateRuleKind.BorrowerRateCeiling => $"借款人最多负担年利率 {Show.Percent(p.RateRuleValue)}",
        _ => p.RateRuleKind.ToString(),
    };

    private static string Mode(SubsidyMode mode) => mode switch
    {
        SubsidyMode.LenderClaims => "直接贴息（合作机构申报）",
        SubsidyMode.BorrowerRefund => "先缴后补（退付借款人）",
        _ => mode.ToString(),
    };

    private static string UsedShare(decimal used, decimal budget) =>
        budget > 0m ? $"占预算 {(used / budget * 100m).ToString("0.00", CultureInfo.InvariantCulture)}%" : "";

    /// <summary>The budget as a bar, drawn in SVG so that the page needs no inline style attributes.</summary>
    private static HtmlString UsageBar(decimal used, decimal budget)
    {
        var share = budget > 0m ? Math.Clamp(used / budget, 0m, 1m) : 0m;
        var width = (share * 1000m).ToString("0.#", CultureInfo.InvariantCulture);
        return new HtmlBuilder().Add($"<svg viewBox=\"0 0 1000 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"预算使用 {UsedShare(used, budget)}\"><rect width=\"1000\" height=\"10\" rx=\"5\" fill=\"#e6e9ed\"/><rect width=\"{width}\" height=\"10\" rx=\"5\" fill=\"{(share >= 1m ? "#b42318" : "#1f6feb")}\"/></svg>").ToHtml();
    }
}
