using System.Globalization;
using LoanService.Api.EarlyWarning;
using LoanService.Application.EarlyWarning;
using LoanService.Domain;
using LoanService.Domain.EarlyWarning;
using Microsoft.AspNetCore.Antiforgery;
using NodaTime.Text;

namespace LoanService.Api.Web;

/// <summary>
/// A case on the department's page: its warnings and history, and the forms to assign a helper,
/// record help and resolve it, each with the page's antiforgery token; the CSV of all cases. Works
/// through <see cref="WarningCases"/>, as the API does; a refusal comes back as a fixed message.
/// </summary>
public static class CasesPage
{
    public static IEndpointRouteBuilder MapCasesPage(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup("").ExcludeFromDescription();
        page.MapGet("/cases/{id:guid}", Show).WithName("DepartmentCase");
        page.MapGet("/cases.csv", Csv).WithName("DepartmentCasesCsv");
        page.MapPost("/cases/{id:guid}/helper", (Guid id, HttpContext http, WarningCases cases) =>
            ActAsync(http, id, "assigned", form => cases.AssignHelperAsync(Department(http), id, form["helperName"], form["helperPost"], Actor(http))))
            .WithName("DepartmentAssignHelper");
        page.MapPost("/cases/{id:guid}/help", (Guid id, HttpContext http, WarningCases cases) =>
            ActAsync(http, id, "helped", form =>
            {
                var date = LocalDatePattern.Iso.Parse(form["date"].ToString());
                if (!date.Success)
                    throw new DomainException(ErrorCodes.CaseHelpInvalid, "The date is not a date.", RefusalKind.Invalid) { Field = "date" };
                return cases.RecordHelpAsync(Department(http), id, date.Value, form["action"], form["note"], Actor(http));
            }))
            .WithName("DepartmentRecordHelp");
        page.MapPost("/cases/{id:guid}/resolve", (Guid id, HttpContext http, WarningCases cases) =>
            ActAsync(http, id, "resolved", form => cases.ResolveAsync(Department(http), id, form["reason"], Actor(http))))
            .WithName("DepartmentResolveCase");
        return app;
    }

    private static Guid Department(HttpContext http) => EarlyWarningApi.DepartmentOf(http);

    private static string Actor(HttpContext http) => EarlyWarningApi.Actor(http);

    private static async Task<IResult> Show(Guid id, HttpContext http, WarningCases cases, IAntiforgery antiforgery,
        string? done = null, string? failed = null)
    {
        if (await DepartmentSession.CallerAsync(http) is not { } caller) return Message(http, 401, Layout.NotSignedIn);
        CaseDetail detail;
        try
        {
            detail = await cases.GetAsync(caller.TenantId!.Value, id, http.RequestAborted);
        }
        catch (DomainException e) when (e.Kind == RefusalKind.NotFound)
        {
            return Message(http, 404, "没有找到这个案件。");
        }
        var token = new HtmlBuilder().Add($"<input type=\"hidden\" name=\"{DepartmentSession.AntiforgeryField}\" value=\"{antiforgery.GetAndStoreTokens(http).RequestToken!}\">").ToHtml();
        var c = detail.Case;
        var html = new HtmlBuilder();
        html.Add($"""
            <header class="top"><div><h1>预警帮扶</h1><span class="who">{c.Borrower.Name} · {Townships.Name(c.Borrower.Township)} · {c.Cooperative}</span></div>
            <a class="button light" href="/#warnings">返回</a></header><main><section class="program" id="case" data-case="{c.Id}">
            """);
        if (Notice(done, failed) is { } notice)
            html.Add($"<p class=\"notice{(notice.IsError ? " error" : "")}\" role=\"status\" id=\"notice\">{notice.Text}</p>");
        html.Add($"""
            <h2><span class="badge">{c.Severity.Chinese()}</span> 状态：<span id="case-state">{CaseTexts.Chinese(c.State)}</span></h2>
            <p class="meta">发现于 {LoanService.Api.Web.Show.Date(c.OpenedOn)} · 已持续 {c.DaysOpen} 天 · 党支部 {c.Borrower.PartyBranch} · 村 {c.Borrower.RegionCode}</p>
            <p>帮扶责任人：<span id="helper">{(c.HelperName is null ? "未分配" : $"{c.HelperName}（{c.HelperPost}）")}</span></p>
            <h3>预警</h3><ul id="case-warnings">
            """);
        foreach (var w in detail.AllWarnings)
            html.Add($"<li data-kind=\"{w.Kind}\">{w.Kind.Chinese()}（{w.Severity.Chinese()}）：{LoanService.Api.Web.Show.Date(w.ArisenOn)} 起，逾期 {LoanService.Api.Web.Show.Yuan(w.AmountOverdue.Amount)}、{w.DaysPastDue} 天{(w.ClearedOn is { } cl ? $"；{LoanService.Api.Web.Show.Date(cl)} 已消除" : "")}</li>");
        html.Add($"</ul>");
        if (c.State != CaseState.Resolved)
            html.Add($"""
                <form method="post" action="/cases/{c.Id}/helper" id="assign">{token}<h3>分配帮扶责任人</h3>
                <label>姓名 <input name="helperName" maxlength="30" required></label>
                <label>职务 <input name="helperPost" maxlength="50" required></label>
                <button type="submit">保存</button></form>
                <form method="post" action="/cases/{c.Id}/help" id="help">{token}<h3>记录帮扶</h3>
                <label>日期 <input name="date" type="date" required></label>
                <label>帮扶措施 <input name="action" maxlength="200" required></label>
                <label>备注 <textarea name="note" maxlength="500"></textarea></label>
                <button type="submit">记录</button></form>
                <form method="post" action="/cases/{c.Id}/resolve" id="resolve">{token}<h3>解除</h3>
                <label>原因 <input name="reason" maxlength="500" required></label>
                <button type="submit" class="light">解除</button></form>
                """);
        else
            html.Add($"<p id=\"resolution\">已于 {LoanService.Api.Web.Show.Date(c.ResolvedOn)} 解除：{(c.ResolvedByDepartment ? c.ResolutionReason : "全部预警已消除")}</p>");
        html.Add($"<h3>记录</h3><ol id=\"case-changes\">");
        foreach (var x in detail.Changes)
            html.Add($"<li>{LoanService.Api.Web.Show.Date(x.BusinessDate)} {Change(x)}（{(x.Actor == WarningCase.System ? "系统" : "本部门")}）</li>");
        html.Add($"</ol></section></main>");
        return Layout.Page(http, "预警帮扶", html.ToHtml());
    }

    private static string Change(CaseChange x) => x.Kind switch
    {
        CaseChangeKind.Opened => "发现",
        CaseChangeKind.WarningAdded => $"新增预警：{(Enum.TryParse<WarningKind>(x.Detail, out var k) ? k.Chinese() : x.Detail)}",
        CaseChangeKind.WarningCleared => $"预警消除：{(Enum.TryParse<WarningKind>(x.Detail, out var k) ? k.Chinese() : x.Detail)}",
        CaseChangeKind.HelperAssigned => $"分配帮扶责任人 {x.HelperName}（{x.HelperPost}）",
        CaseChangeKind.HelpRecorded => $"帮扶记录（{x.HelpDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}）：{x.Action}{(x.Note is null ? "" : "；" + x.Note)}",
        CaseChangeKind.Resolved => x.Reason is null ? "解除（全部预警已消除）" : $"解除：{x.Reason}",
        _ => x.Kind.ToString(),
    };

    private static async Task<IResult> Csv(HttpContext http, WarningCases cases)
    {
        if (await DepartmentSession.CallerAsync(http) is not { } caller) return Message(http, 401, Layout.NotSignedIn);
        http.Response.Headers.CacheControl = "no-store";
        var bytes = await cases.CsvAsync(caller.TenantId!.Value, new CaseFilter(), http.RequestAborted);
        return Results.File(bytes, "text/csv; charset=utf-8", "预警帮扶案件.csv");
    }

    private static async Task<IResult> ActAsync(HttpContext http, Guid id, string done,
        Func<Microsoft.AspNetCore.Http.IFormCollection, Task<CaseDetail>> act)
    {
        if (await DepartmentSession.CallerAsync(http) is null) return Message(http, 401, Layout.NotSignedIn);
        if (!http.Request.HasFormContentType || !await DepartmentSession.FormIsGenuineAsync(http))
            return Message(http, 400, Layout.FormExpired);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        try
        {
            await act(form);
            return DepartmentPage.SeeOther($"/cases/{id}?done={done}");
        }
        catch (DomainException e) when (e.Kind == RefusalKind.NotFound)
        {
            return Message(http, 404, "没有找到这个案件。");
        }
        catch (DomainException e)
        {
            return DepartmentPage.SeeOther($"/cases/{id}?failed={(e.Kind == RefusalKind.Invalid ? "input" : "state")}");
        }
    }

    /// <summary>Messages come from this table only: nothing from the query string reaches the page.</summary>
    private static (string Text, bool IsError)? Notice(string? done, string? failed) => (done, failed) switch
    {
        ("assigned", _) => ("已分配帮扶责任人。", false),
        ("helped", _) => ("已记录帮扶。", false),
        ("resolved", _) => ("案件已解除。", false),
        (_, "input") => ("操作未完成：请检查填写的内容（日期不能早于发现日、不能晚于今天；各项不能为空）。", true),
        (_, "state") => ("操作未完成：案件状态已变化（已解除，或尚未分配帮扶责任人）。", true),
        _ => null,
    };

    private static IResult Message(HttpContext http, int status, string text) =>
        Layout.Message(http, "预警帮扶", status, text, "返回");
}
