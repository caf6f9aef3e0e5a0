using LoanService.Api.Subsidies;
using LoanService.Application.Subsidies;
using LoanService.Domain;
using LoanService.Domain.Subsidies;
using Microsoft.AspNetCore.Antiforgery;

namespace LoanService.Api.Web;

/// <summary>
/// The organization department's web page at <c>/</c>, rendered on the server. Not part of the REST
/// API: its routes are left out of the OpenAPI document, answer HTML, and authenticate by the page's
/// session cookie (<see cref="DepartmentSession"/>) instead of <c>X-Api-Key</c>. Every POST carries an
/// antiforgery token; the cookies are SameSite=Strict as well.
/// </summary>
public static class DepartmentPage
{
    private const string Title = "贴息管理";

    public static IEndpointRouteBuilder MapDepartmentPage(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup("").ExcludeFromDescription();
        page.MapGet("/", Home).WithName("DepartmentPage");
        page.MapPost("/sign-in", SignIn).WithName("DepartmentSignIn");
        // As a Delegate: a handler taking only HttpContext would bind as a RequestDelegate and drop its result.
        page.MapPost("/sign-out", (Delegate)SignOut).WithName("DepartmentSignOut");
        page.MapGet("/claims/{id:guid}/csv", Csv).WithName("DepartmentClaimCsv");
        page.MapPost("/claims/{id:guid}/approve", Approve).WithName("DepartmentApproveClaim");
        page.MapPost("/claims/{id:guid}/reject", Reject).WithName("DepartmentRejectClaim");
        page.MapPost("/claims/{id:guid}/mark-paid", MarkPaid).WithName("DepartmentMarkClaimPaid");
        app.MapCasesPage();
        return app;
    }

    private static async Task<IResult> Home(HttpContext http, DepartmentOverviews overviews, IAntiforgery antiforgery,
        string? done = null, string? failed = null)
    {
        if (await DepartmentSession.CallerAsync(http) is not { } caller)
            return SignInForm(http, antiforgery, null, 200);
        var model = await Dashboard.LoadAsync(overviews, caller);
        var token = antiforgery.GetAndStoreTokens(http).RequestToken!;
        var (notice, isError) = Notice(done, failed);
        return Layout.Page(http, $"{Title} · {model.Department}", DashboardView.Render(model, token, notice, isError,
            await WarningsSection.RenderAsync(http, caller)));
    }

    private static async Task<IResult> SignIn(HttpContext http, IAntiforgery antiforgery)
    {
        if (!http.Request.HasFormContentType || !await DepartmentSession.FormIsGenuineAsync(http))
            return Expired(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var outcome = await DepartmentSession.SignInAsync(http, form["apiKey"].ToString());
        return outcome switch
        {
            SignInOutcome.SignedIn => SeeOther("/"),
            SignInOutcome.NotADepartment => SignInForm(http, antiforgery, outcome, 403),
            SignInOutcome.Missing => SignInForm(http, antiforgery, outcome, 400),
            _ => SignInForm(http, antiforgery, outcome, 401),
        };
    }

    private static async Task<IResult> SignOut(HttpContext http)
    {
        if (await DepartmentSession.CallerAsync(http) is null) return SeeOther("/");
        if (!await DepartmentSession.FormIsGenuineAsync(http)) return Expired(http);
        await DepartmentSession.SignOutAsync(http);
        return SeeOther("/");
    }

    /// <summary>A claim of one of the department's programmes as CSV, the same file as the API's <c>Accept: text/csv</c>.</summary>
    private static async Task<IResult> Csv(Guid id, HttpContext http, SubsidyClaims claims)
    {
        if (await DepartmentSession.CallerAsync(http) is not { } caller) return NotSignedIn(http);
        ClaimForExport export;
        try
        {
            export = await claims.ExportAsync(caller, id);
        }
        catch (NotFoundException)
        {
            return Message(http, 404, "没有找到这份申报。");
        }
        http.Response.Headers.CacheControl = "no-store";
        return Claims.CsvFile(export);
    }

    private static Task<IResult> Approve(Guid id, HttpContext http, SubsidyClaims claims) =>
        DecideAsync(http, "approved", caller => claims.ApproveAsync(caller, id));

    private static Task<IResult> MarkPaid(Guid id, HttpContext http, SubsidyClaims claims) =>
        DecideAsync(http, "paid", caller => claims.MarkPaidAsync(caller, id));

    private static Task<IResult> Reject(Guid id, HttpContext http, SubsidyClaims claims) =>
        DecideAsync(http, "rejected", async caller =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var reason = form["reason"].ToString();
            return await claims.RejectAsync(caller, id, reason.Length == 0 ? null : reason);
        });

    /// <summary>
    /// Makes the decision as the signed-in department, through the same use case as the REST API, then sends
    /// the browser back to the page (303, so a reload does not post again) with a fixed message naming what
    /// happened. A reason the claim refuses (too long, control characters) says so, not that the state changed.
    /// </summary>
    private static async Task<IResult> DecideAsync(HttpContext http, string done, Func<Caller, Task<SubsidyClaim>> decide)
    {
        if (await DepartmentSession.CallerAsync(http) is not { } caller) return NotSignedIn(http);
        if (!http.Request.HasFormContentType || !await DepartmentSession.FormIsGenuineAsync(http)) return Expired(http);
        try
        {
            var claim = await decide(caller);
            return SeeOther($"/?done={done}#program-{claim.ProgramId}");
        }
        catch (NotFoundException)
        {
            return SeeOther("/?failed=not-found");
        }
        catch (Exception e) when (e is RequestValidationException or DomainException { Field: "reason" })
        {
            return SeeOther("/?failed=reason");
        }
        catch (DomainException)
        {
            return SeeOther("/?failed=state");
        }
    }

    /// <summary>Messages come from this table only: nothing from the query string reaches the page.</summary>
    private static (string? Text, bool IsError) Notice(string? done, string? failed) => (done, failed) switch
    {
        ("approved", _) => ("申报已审核通过。", false),
        ("rejected", _) => ("申报已退回，合作机构可重新申报。", false),
        ("paid", _) => ("申报已标记为已拨付。", false),
        (_, "state") => ("操作未完成：该申报的状态已变化，请查看最新状态。", true),
        (_, "not-found") => ("操作未完成：没有找到这份申报。", true),
        (_, "reason") => ($"操作未完成：退回原因最多 {FreeText.ReasonMaxLength} 个字符，且不能含控制字符。", true),
        _ => (null, false),
    };

    private static IResult SignInForm(HttpContext http, IAntiforgery antiforgery, SignInOutcome? failed, int status)
    {
        // The token is for an anonymous visitor: the request's user stays anonymous until sign-in succeeds.
        var token = antiforgery.GetAndStoreTokens(http).RequestToken!;
        return Layout.Page(http, $"{Title} · 登录", SignInView.Render(token, failed), status);
    }

    private static IResult NotSignedIn(HttpContext http) => Message(http, 401, Layout.NotSignedIn);

    private static IResult Expired(HttpContext http) => Message(http, 400, Layout.FormExpired);

    private static IResult Message(HttpContext http, int status, string text) =>
        Layout.Message(http, Title, status, text, "返回贴息管理");

    internal static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
