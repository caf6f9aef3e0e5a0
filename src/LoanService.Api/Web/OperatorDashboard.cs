using Hangfire;
using Hangfire.Dashboard;
using LoanService.Api.Setup;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace LoanService.Api.Web;

/// <summary>
/// Hangfire's dashboard at <c>/hangfire</c>, for the operator only, in every environment (Hangfire's
/// own default, local requests only, is replaced). The operator signs in with the operator key on a
/// form (<see cref="DepartmentSession"/>'s mechanism under <see cref="DepartmentSession.OperatorScheme"/>):
/// an HttpOnly, SameSite=Strict cookie for this path, antiforgery on every POST, never the key in
/// a URL. Signed in, the operator may also act (trigger a job now, retry or delete one); a script
/// sending the operator key as <c>X-Api-Key</c> sees the same pages read-only. Anyone else gets the
/// sign-in form with 401 (403 for another role's key), and none of the dashboard's pages or data.
/// </summary>
public static class OperatorDashboard
{
    public const string Path = "/hangfire";
    private const string SignedInItem = "loanservice.operator-session";
    private const string Title = "LoanService · 作业";

    public static WebApplication MapOperatorDashboard(this WebApplication app)
    {
        // Ahead of the dashboard: a visitor who may not see it gets the sign-in form, not an empty 401.
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path;
            if (!path.StartsWithSegments(Path) || path.StartsWithSegments(Path + "/sign-in")
                || path.StartsWithSegments(Path + "/sign-out") || await MaySeeAsync(http))
            {
                await next(http);
                return;
            }
            var status = http.User.Identity?.IsAuthenticated == true ? 403 : 401;
            if (HttpMethods.IsGet(http.Request.Method))
                await SignInForm(http, status == 403 ? SignInOutcome.NotAnOperator : null, status).ExecuteAsync(http);
            else
                http.Response.StatusCode = status;
        });

        var page = app.MapGroup(Path).ExcludeFromDescription();
        page.MapGet("/sign-in", (HttpContext http) => SignInForm(http, null, 200)).WithName("OperatorDashboardSignInForm");
        // As a Delegate: a handler taking only HttpContext would bind as a RequestDelegate and drop its result.
        page.MapPost("/sign-in", (Delegate)SignIn).WithName("OperatorDashboardSignIn");
        page.MapPost("/sign-out", (Delegate)SignOut).WithName("OperatorDashboardSignOut");
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            AppPath = null,
            DashboardTitle = Title,
            DisplayStorageConnectionString = false,
            Authorization = [],
            AsyncAuthorization = [new OperatorOnly()],
            IsReadOnlyFunc = c => c.GetHttpContext().Items[SignedInItem] is not true,
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>The operator's session, or the operator key sent as <c>X-Api-Key</c>; remembers which.</summary>
    private static async Task<bool> MaySeeAsync(HttpContext http)
    {
        if (http.Items.ContainsKey(SignedInItem)) return true;
        // Read before the session replaces the request's user with its own principal.
        var keyIsOperator = http.User.IsInRole(Roles.Operator);
        if (await DepartmentSession.CallerAsync(http, DepartmentSession.OperatorScheme) is { Role: ApiRole.Operator })
        {
            http.Items[SignedInItem] = true;
            return true;
        }
        if (!keyIsOperator) return false;
        http.Items[SignedInItem] = false;
        return true;
    }

    private static async Task<IResult> SignIn(HttpContext http)
    {
        if (!http.Request.HasFormContentType || !await DepartmentSession.FormIsGenuineAsync(http))
            return SignInForm(http, null, 400, "表单已过期或来源不明，请刷新后重试。");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var outcome = await DepartmentSession.SignInAsync(http, form["apiKey"].ToString(), ApiRole.Operator,
            DepartmentSession.OperatorScheme);
        return outcome switch
        {
            SignInOutcome.SignedIn => DepartmentPage.SeeOther(Path),
            SignInOutcome.NotAnOperator => SignInForm(http, outcome, 403),
            SignInOutcome.Missing => SignInForm(http, outcome, 400),
            _ => SignInForm(http, outcome, 401),
        };
    }

    private static async Task<IResult> SignOut(HttpContext http)
    {
        if (await DepartmentSession.CallerAsync(http, DepartmentSession.OperatorScheme) is null) return DepartmentPage.SeeOther(Path);
        if (!await DepartmentSession.FormIsGenuineAsync(http)) return SignInForm(http, null, 400, "表单已过期或来源不明，请刷新后重试。");
        await DepartmentSession.SignOutAsync(http, DepartmentSession.OperatorScheme);
        return DepartmentPage.SeeOther(Path);
    }

    private static IResult SignInForm(HttpContext http, SignInOutcome? failed, int status, string? message = null)
    {
        var token = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken!;
        var html = new HtmlBuilder();
        html.Add($"""
            <main>
            <div class="signin">
            <h1>{Title} · 运营方登录</h1>
            <p class="meta">日终批处理、短信发送等后台作业的运行情况（Hangfire 控制台），仅供运营方使用。</p>
            """);
        if ((message ?? (failed is { } f ? Message(f) : null)) is { } text)
            html.Add($"<p class=\"notice error\" role=\"alert\" id=\"sign-in-error\">{text}</p>");
        html.Add($"""
            <form method="post" action="{Path}/sign-in" autocomplete="off">
            <input type="hidden" name="{DepartmentSession.AntiforgeryField}" value="{token}">
            <label for="apiKey">运营方 API 密钥</label>
            <input id="apiKey" name="apiKey" type="password" required maxlength="100" autocomplete="off" spellcheck="false" placeholder="lsk_…">
            <button type="submit" class="primary">登录</button>
            </form>
            <p class="meta">登录后 8 小时内无操作将自动退出。</p>
            </div>
            </main>
            """);
        return Layout.Page(http, Title, html.ToHtml(), status);
    }

    private static string Message(SignInOutcome outcome) => outcome switch
    {
        SignInOutcome.NotAnOperator => "此页面仅供运营方使用：合作机构和组织部门的密钥不能在此登录。",
        _ => SignInView.Message(outcome),
    };

    /// <summary>Hangfire's own check, behind the gate above: the same rule, so the dashboard is never open by mistake.</summary>
    private sealed class OperatorOnly : IDashboardAsyncAuthorizationFilter
    {
        public Task<bool> AuthorizeAsync(DashboardContext context) => MaySeeAsync(context.GetHttpContext());
    }
}
