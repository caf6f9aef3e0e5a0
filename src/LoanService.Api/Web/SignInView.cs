namespace LoanService.Api.Web;

/// <summary>The sign-in form: a department's API key, posted with the antiforgery token.</summary>
public static class SignInView
{
    public static HtmlString Render(string antiforgeryToken, SignInOutcome? failed)
    {
        var html = new HtmlBuilder();
        html.Add($"""
            <main>
            <div class="signin">
            <h1>贴息管理 · 组织部门登录</h1>
            <p class="meta">党员先锋贷贴息项目的预算、贴息负债、每月贴息和待审核的贴息申报。</p>
            """);
        if (failed is { } outcome)
            html.Add($"<p class=\"notice error\" role=\"alert\" id=\"sign-in-error\">{Message(outcome)}</p>");
        html.Add($"""
            <form method="post" action="/sign-in" autocomplete="off">
            <input type="hidden" name="{DepartmentSession.AntiforgeryField}" value="{antiforgeryToken}">
            <label for="apiKey">组织部门 API 密钥</label>
            <input id="apiKey" name="apiKey" type="password" required maxlength="100" autocomplete="off" spellcheck="false" placeholder="lsk_…">
            <button type="submit" class="primary">登录</button>
            </form>
            <p class="meta">密钥由运营方创建组织部门时发放，只显示一次。登录后 8 小时内无操作将自动退出。</p>
            </div>
            </main>
            """);
        return html.ToHtml();
    }

    public static string Message(SignInOutcome outcome) => outcome switch
    {
        SignInOutcome.Missing => "请输入 API 密钥。",
        SignInOutcome.UnknownKey => "密钥无效或已停用，请核对后重试。",
        SignInOutcome.NotADepartment => "此页面仅供组织部门使用：合作机构和运营方的密钥不能在此登录，请通过 API 使用。",
        _ => "",
    };
}
