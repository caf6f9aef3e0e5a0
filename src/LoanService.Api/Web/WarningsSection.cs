using LoanService.Api.EarlyWarning;
using LoanService.Application.EarlyWarning;
using LoanService.Domain.EarlyWarning;

namespace LoanService.Api.Web;

/// <summary>
/// The department page's first section: open early-warning cases, worst first (即时发现即时帮扶), the
/// counts per month, and the CSV. Cards rather than a wide table, so it reads on a phone. Read
/// through <see cref="WarningCases"/>, as the API's <c>/warning-cases</c>.
/// </summary>
public static class WarningsSection
{
    public static async Task<HtmlString> RenderAsync(HttpContext http, Caller caller)
    {
        var cases = http.RequestServices.GetRequiredService<WarningCases>();
        var department = caller.TenantId!.Value;
        var all = await cases.ListAsync(department, new CaseFilter(), http.RequestAborted);
        var open = all.Where(c => c.State != CaseState.Resolved).ToList();
        var months = await cases.MonthsAsync(department, http.RequestAborted);
        var html = new HtmlBuilder();
        html.Add($"""<section class="program" id="warnings"><h2>预警帮扶（即时发现即时帮扶）</h2>""");
        html.Add($"""<p class="meta"><span data-figure="open-cases">{Show.Count(open.Count)}</span> 个在办案件 · <a href="/cases.csv" id="cases-csv">下载案件清单（CSV，可用 Excel 打开）</a></p>""");
        if (open.Count == 0)
            html.Add($"""<p class="empty">目前没有需要帮扶的借款人。</p>""");
        foreach (var c in open)
            Card(html, c);
        if (months.Count > 0)
        {
            html.Add($"""<h3>按月统计</h3><div class="scroll"><table class="months" id="case-months"><thead><tr><th>月份</th><th class="num">新发现</th><th class="num">已解除</th><th class="num">平均持续天数</th><th class="num">最长天数</th></tr></thead><tbody>""");
            foreach (var m in months)
                html.Add($"""<tr><td>{m.Year}年{m.Month}月</td><td class="num">{m.Opened}</td><td class="num">{m.Resolved}</td><td class="num">{(m.AverageDaysOpen is { } a ? a.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "—")}</td><td class="num">{(m.LongestDaysOpen is { } l ? l.ToString(System.Globalization.CultureInfo.InvariantCulture) : "—")}</td></tr>""");
            html.Add($"</tbody></table></div>");
        }
        html.Add($"</section>");
        return html.ToHtml();
    }

    private static void Card(HtmlBuilder html, CaseSummary c)
    {
        var warnings = string.Join("、", c.Warnings.Select(w => w.Kind.Chinese()));
        var overdue = c.Warnings.Count == 0 ? 0m : c.Warnings.Max(w => w.AmountOverdue.Amount);
        var days = c.Warnings.Count == 0 ? 0 : c.Warnings.Max(w => w.DaysPastDue);
        html.Add($"""
            <article class="case severity-{c.Severity.ToString().ToLowerInvariant()}" data-case="{c.Id}">
            <h3><span class="badge">{c.Severity.Chinese()}</span> <span class="borrower">{c.Borrower.Name}</span> · {Townships.Name(c.Borrower.Township)} · 村 {c.Borrower.RegionCode}</h3>
            <p class="meta">{c.Borrower.PartyBranch} · {c.Cooperative}</p>
            <p>预警：<span class="warnings">{warnings}</span>；逾期 {Show.Yuan(overdue)}，{days} 天</p>
            <p>已持续 <span data-figure="days-open">{c.DaysOpen}</span> 天 · 状态：<span class="state">{CaseTexts.Chinese(c.State)}</span> · 帮扶责任人：<span class="helper">{(c.HelperName is null ? "未分配" : $"{c.HelperName}（{c.HelperPost}）")}</span></p>
            <p><a class="button" href="/cases/{c.Id}">办理</a></p>
            </article>
            """);
    }
}
