using System.Security.Cryptography;

namespace LoanService.Api.Web;

/// <summary>
/// The page's frame: Chinese, a phone-width viewport, one stylesheet inline (allowed by a per-response
/// nonce; no script runs on the page at all), tables that scroll sideways instead of squeezing.
/// </summary>
public static class Layout
{
    /// <summary>
    /// A page that says only why the request went no further (not signed in, a stale form, nothing there),
    /// with a way back. <paramref name="text"/> comes from the page's own fixed wording, never the request.
    /// </summary>
    public static IResult Message(HttpContext http, string title, int status, string text, string back) =>
        Page(http, title, new HtmlBuilder()
            .Add($"<main><div class=\"signin\"><h1>{title}</h1><p class=\"notice error\" role=\"alert\">{text}</p><p><a class=\"button\" href=\"/\">{back}</a></p></div></main>")
            .ToHtml(), status);

    /// <summary>The session is gone or never was.</summary>
    public const string NotSignedIn = "请先登录：登录已过期或尚未登录。";

    /// <summary>The form's antiforgery token is missing, stale or from elsewhere.</summary>
    public const string FormExpired = "表单已过期或来源不明，请返回页面刷新后重试。";

    public static IResult Page(HttpContext http, string title, HtmlString body, int status = 200)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = $"default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self' data:; " +
                                        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        // frame-ancestors covers current browsers; the header covers those that predate CSP level 2.
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";

        var html = new HtmlBuilder();
        html.Add($"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title}</title>
            <link rel="icon" href="data:,">
            <style nonce="{nonce}">{Css}</style>
            </head>
            <body>
            {body}
            </body>
            </html>
            """);
        return Results.Content(html.ToString(), "text/html; charset=utf-8", statusCode: status);
    }

    private static readonly HtmlString Css = new("""
        :root { --ink:#1f2328; --muted:#57606a; --line:#d8dee4; --bg:#f6f8fa; --accent:#b42318; --ok:#1a7f37; --blue:#1f6feb; }
        * { box-sizing: border-box; }
        body { margin:0; font:15px/1.55 "PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif; color:var(--ink); background:var(--bg); }
        header.top { background:#9b1c1c; color:#fff; padding:12px 16px; display:flex; flex-wrap:wrap; gap:8px; align-items:center; justify-content:space-between; }
        header.top h1 { font-size:18px; margin:0; }
        header.top .who { font-size:13px; opacity:.9; }
        header.top form { margin:0; }
        main { max-width:1080px; margin:0 auto; padding:12px; }
        section.program { background:#fff; border:1px solid var(--line); border-radius:8px; padding:14px; margin:14px 0; }
        h2 { font-size:18px; margin:0 0 4px; }
        h3 { font-size:15px; margin:18px 0 8px; border-left:3px solid #9b1c1c; padding-left:8px; }
        .meta { color:var(--muted); font-size:13px; margin:0 0 10px; }
        .tiles { display:grid; grid-template-columns:repeat(auto-fit, minmax(150px, 1fr)); gap:8px; }
        .tile { border:1px solid var(--line); border-radius:6px; padding:8px 10px; background:var(--bg); }
        .tile .label { display:block; color:var(--muted); font-size:12px; }
        .tile .value { display:block; font-size:18px; font-weight:600; font-variant-numeric:tabular-nums; word-break:break-all; }
        .tile .sub { display:block; color:var(--muted); font-size:12px; }
        .badge { display:inline-block; font-size:12px; padding:1px 6px; border-radius:10px; background:var(--accent); color:#fff; vertical-align:middle; }
        .badge.ok { background:var(--ok); } .badge.wait { background:#9a6700; } .badge.muted { background:#8c959f; }
        .usage { margin:8px 0 0; } .usage svg { width:100%; height:10px; display:block; }
        .scroll { overflow-x:auto; -webkit-overflow-scrolling:touch; }
        table { border-collapse:collapse; width:100%; font-size:14px; }
        th, td { padding:6px 8px; border-bottom:1px solid var(--line); text-align:left; white-space:nowrap; }
        th { background:var(--bg); font-weight:600; font-size:13px; }
        td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
        tr.total td { font-weight:600; }
        .chart { overflow-x:auto; } .chart svg { display:block; width:100%; min-width:520px; max-width:900px; height:auto; }
        ul.legend { list-style:none; display:flex; flex-wrap:wrap; gap:4px 14px; padding:0; margin:6px 0 0; font-size:13px; }
        ul.legend li svg { vertical-align:-1px; margin-right:4px; }
        form.inline { display:inline; margin:0; }
        button, .button { font:inherit; font-size:13px; padding:4px 10px; border-radius:5px; border:1px solid var(--line); background:#fff; color:var(--ink); cursor:pointer; text-decoration:none; display:inline-block; }
        button.primary { background:#9b1c1c; border-color:#9b1c1c; color:#fff; }
        button.light { background:transparent; color:#fff; border-color:rgba(255,255,255,.6); }
        details.reject { display:inline-block; } details.reject summary { cursor:pointer; font-size:13px; color:var(--accent); display:inline; }
        details.reject input { font:inherit; font-size:13px; width:12em; padding:3px; }
        .actions { display:flex; flex-wrap:nowrap; gap:6px; align-items:center; }
        .notice { padding:8px 12px; border-radius:6px; margin:12px 0; background:#dafbe1; border:1px solid #aceebb; }
        .notice.error { background:#ffebe9; border-color:#ffcecb; }
        .empty { color:var(--muted); }
        .signin { max-width:420px; margin:40px auto; background:#fff; border:1px solid var(--line); border-radius:8px; padding:20px; }
        .signin h1 { font-size:20px; margin:0 0 8px; }
        .signin label { display:block; margin:14px 0 4px; font-weight:600; }
        .signin input { width:100%; font:inherit; padding:8px; border:1px solid var(--line); border-radius:5px; }
        .signin button { margin-top:14px; width:100%; padding:9px; font-size:15px; }
        footer { color:var(--muted); font-size:12px; text-align:center; padding:16px; }
        @media (max-width: 480px) { body { font-size:14px; } main { padding:6px; } section.program { padding:10px; } .tile .value { font-size:16px; } }
        """);
}
