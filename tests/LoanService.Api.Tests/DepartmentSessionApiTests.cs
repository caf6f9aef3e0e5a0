using System.Net;
using System.Text.RegularExpressions;
using LoanService.Api.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LoanService.Api.Tests;

/// <summary>
/// A service behind one TLS-terminating proxy at 10.0.0.1, named in configuration. The in-process server
/// has no peer address, so a test says whose request it is with <c>X-Test-Peer</c>.
/// </summary>
public sealed class BehindProxyApiFactory : SqliteApiFactory
{
    public const string Proxy = "10.0.0.1";

    protected override void ConfigureSettings(IDictionary<string, string?> settings) =>
        settings["ForwardedHeaders:KnownProxies:0"] = Proxy;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, PeerFromHeader>());
    }

    private sealed class PeerFromHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, following) =>
            {
                if (http.Request.Headers.TryGetValue("X-Test-Peer", out var peer)) http.Connection.RemoteIpAddress = IPAddress.Parse(peer!);
                return following(http);
            });
            next(app);
        };
    }
}

/// <summary>The department page's session: ended on the server at sign-out, Secure behind a named proxy, never framed.</summary>
public sealed partial class DepartmentSessionApiTests(BehindProxyApiFactory factory) : IClassFixture<BehindProxyApiFactory>
{
    /// <summary>A browser without script: keeps cookies by hand (a Secure one too, over the test's plain HTTP).</summary>
    private sealed class Browser(HttpClient http, params (string Name, string Value)[] headers)
    {
        public Dictionary<string, string> Cookies { get; } = [];
        public List<string> SetCookies { get; } = [];

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Dictionary<string, string>? form = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (form is not null) request.Content = new FormUrlEncodedContent(form);
            foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
            if (Cookies.Count > 0) request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await http.SendAsync(request);
            foreach (var set in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                SetCookies.Add(set);
                var pair = set.Split(';')[0].Split('=', 2);
                if (pair[1].Length == 0 || set.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) Cookies.Remove(pair[0]);
                else Cookies[pair[0]] = pair[1];
            }
            return response;
        }

        public async Task<string> TokenAsync() =>
            TokenField().Match(await (await SendAsync(HttpMethod.Get, "/")).Content.ReadAsStringAsync()).Groups[1].Value;

        public async Task SignInAsync(string key)
        {
            var token = await TokenAsync();
            using var answer = await SendAsync(HttpMethod.Post, "/sign-in", new() { ["apiKey"] = key, ["__RequestVerificationToken"] = token });
            Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        }
    }

    private Browser NewBrowser(params (string, string)[] headers) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }), headers);

    private async Task<string> DepartmentKeyAsync()
    {
        var created = (await factory.Operator().PostAsync("/api/v1/org-departments", new { name = "中共福鼎市委组织部", regionCode = "350982" }))
            .Expect(HttpStatusCode.Created);
        return created["apiKey"]!.GetValue<string>();
    }

    private static async Task<bool> SeesDashboardAsync(Browser browser)
    {
        using var home = await browser.SendAsync(HttpMethod.Get, "/");
        var html = await home.Content.ReadAsStringAsync();
        return !html.Contains("name=\"apiKey\"", StringComparison.Ordinal) && html.Contains("中共福鼎市委组织部", StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_EndsTheSessionOnTheServer_ACopiedCookieStopsWorking()
    {
        var browser = NewBrowser();
        await browser.SignInAsync(await DepartmentKeyAsync());
        Assert.True(await SeesDashboardAsync(browser));
        // Someone copies the session cookie before the department signs out.
        var copy = NewBrowser();
        foreach (var (name, value) in browser.Cookies) copy.Cookies[name] = value;
        Assert.True(await SeesDashboardAsync(copy));

        var token = await browser.TokenAsync();
        using var signedOut = await browser.SendAsync(HttpMethod.Post, "/sign-out", new() { ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);

        // Before, the copy stayed valid until 8 hours idle: the cookie alone was the session.
        Assert.False(await SeesDashboardAsync(copy));
        Assert.False(await SeesDashboardAsync(browser));
    }

    [Fact]
    public async Task Cookie_BehindTheNamedProxyOverHttps_IsSecure_AndForwardedHeadersFromOthersAreIgnored()
    {
        var key = await DepartmentKeyAsync();
        var viaProxy = NewBrowser(("X-Test-Peer", BehindProxyApiFactory.Proxy), ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "203.0.113.7"));
        await viaProxy.SignInAsync(key);
        var session = viaProxy.SetCookies.Single(c => c.StartsWith("loanservice.department=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.All(viaProxy.SetCookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        // A client claiming HTTPS itself is not a proxy: its cookie is not marked Secure, as its request was plain HTTP.
        var spoofing = NewBrowser(("X-Test-Peer", "198.51.100.9"), ("X-Forwarded-Proto", "https"));
        await spoofing.SignInAsync(key);
        var plain = spoofing.SetCookies.Single(c => c.StartsWith("loanservice.department=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", plain, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Page_RefusesFraming_ByHeaderAndByCsp()
    {
        using var home = await NewBrowser().SendAsync(HttpMethod.Get, "/");

        Assert.Equal("DENY", Assert.Single(home.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(home.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Page_ShowsInvitedCooperativesThatHaveNotAccepted_UntilTheyDo()
    {
        var op = factory.Operator();
        var key = await DepartmentKeyAsync();
        var department = factory.WithKey(key);
        var (coop, coopId) = await op.CreateCooperativeAsync(factory);
        var program = await department.CreateProgramAsync(SubsidySupport.ProgramBody([coopId]), accept: false);
        var browser = NewBrowser();
        await browser.SignInAsync(key);

        Assert.Contains("1 家合作机构尚未确认参与", await (await browser.SendAsync(HttpMethod.Get, "/")).Content.ReadAsStringAsync());
        (await coop.PostAsync($"/api/v1/subsidy-programs/{program}/accept")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("尚未确认参与", await (await browser.SendAsync(HttpMethod.Get, "/")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Reject_AReasonOver500Characters_SaysSoOnThePage_AndTheClaimStaysSubmitted()
    {
        var op = factory.Operator();
        var key = await DepartmentKeyAsync();
        var department = factory.WithKey(key);
        var (coop, coopId) = await op.CreateCooperativeAsync(factory);
        var program = await department.CreateProgramAsync(SubsidySupport.ProgramBody([coopId]));
        var line = (await coop.OpenSubsidizedLineAsync(program))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{line}/draws", new { amount = 50_000m })).Expect(HttpStatusCode.Created);
        // 5–20 January closed: the settlement bills the borrower's part, paid on its due date (the 21st), so
        // the period's subsidy (16 days × 50,000.00 × 3% / 360 = 66.67) is earned and can be claimed.
        await op.CloseThroughAsync("2026-01-20");
        var bill = (await coop.GetAsync($"/api/v1/credit-lines/{line}")).Expect(HttpStatusCode.OK).Money("billedInterest");
        (await coop.PostAsync($"/api/v1/credit-lines/{line}/repayments", new { amount = bill })).Expect(HttpStatusCode.Created);
        var claim = (await coop.PostAsync($"/api/v1/subsidy-programs/{program}/claims",
            new { periodStart = "2026-01-01", periodEnd = "2026-01-20" })).Expect(HttpStatusCode.Created);
        var claimId = claim["id"]!.GetValue<Guid>();
        Assert.Equal(66.67m, claim.Money("total"));

        var browser = NewBrowser();
        await browser.SignInAsync(key);
        using var refused = await browser.SendAsync(HttpMethod.Post, $"/claims/{claimId}/reject",
            new() { ["reason"] = new string('缺', 501), ["__RequestVerificationToken"] = await browser.TokenAsync() });
        Assert.Equal(HttpStatusCode.SeeOther, refused.StatusCode);
        Assert.Equal("/?failed=reason", refused.Headers.Location!.OriginalString);
        var page = await (await browser.SendAsync(HttpMethod.Get, "/?failed=reason")).Content.ReadAsStringAsync();
        Assert.Contains("操作未完成：退回原因最多 500 个字符，且不能含控制字符。", page);
        Assert.Equal("Submitted", (await department.GetAsync($"/api/v1/subsidy-claims/{claimId}"))
            .Expect(HttpStatusCode.OK)["state"]!.GetValue<string>());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}

/// <summary><c>Swagger:UiEnabled</c>: the UI page off in Production unless set; the document is always served.</summary>
public sealed class SwaggerUiSettingApiTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Production", "true", true)]
    [InlineData("Testing", null, true)]
    [InlineData("Testing", "false", false)]
    public async Task SwaggerUi_FollowsTheSettingAndTheEnvironment(string environment, string? setting, bool served)
    {
        using var host = factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            if (setting is not null) b.UseSetting("Swagger:UiEnabled", setting);
        });
        var http = host.CreateClient();

        Assert.Equal(served ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await http.GetAsync("/swagger/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/swagger/v1/swagger.json")).StatusCode);
    }
}
