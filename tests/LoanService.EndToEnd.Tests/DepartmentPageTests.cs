using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoanService.EndToEnd.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoanService.EndToEnd.Tests;

/// <summary>
/// The department's page at <c>/</c> over the demo programme: signed in through the form, its figures
/// are the REST API's, its chart has bars, its CSV is the claim's; and, without a browser, who may
/// sign in and what the page refuses without its cookie or its antiforgery token.
/// </summary>
public sealed partial class DepartmentPageTests(SeededProgramme seeded, Chromium chromium, ITestOutputHelper output)
    : IClassFixture<SeededProgramme>, IClassFixture<Chromium>
{
    private RunningService Service => seeded.Service;

    [BrowserFact]
    public async Task DepartmentPage_SignedIn_ShowsTheApiFiguresTheChartAndDownloadsAClaim()
    {
        var programId = seeded.Demo.ProgramId;
        using var api = seeded.Department();
        var liabilities = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/subsidy-programs/{programId}/liabilities"))!;
        var claims = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/subsidy-programs/{programId}/claims?limit=200"))!["items"]!.AsArray();

        await using var browser = await chromium.OpenAsync(Service.BaseUrl, output);
        var page = browser.Page;
        await SignInAsync(page, seeded.Demo.DepartmentKey);

        var section = page.Locator($"section[data-program='{programId}']");
        await Expect(section.Locator("h2")).ToHaveTextAsync(seeded.Demo.ProgramName);
        await Expect(page.Locator("#department")).ToContainTextAsync("中共福鼎市委组织部");
        // The fixture's year: 2026-01-05 to 2027-01-04 closed.
        await Expect(page.Locator("#department")).ToContainTextAsync("营业日 2027年1月5日");

        var totals = liabilities["totals"]!;
        await Expect(section.Locator("[data-figure='budget']")).ToHaveTextAsync("¥3,000,000.00");
        await Expect(section.Locator("[data-figure='used']")).ToHaveTextAsync(Yuan(totals["used"]));
        await Expect(section.Locator("[data-figure='remaining']")).ToHaveTextAsync(Yuan(liabilities["remainingBudget"]));
        foreach (var bucket in new[] { "accruedUnbilled", "billedNotEarned", "earnedNotClaimed", "claimedNotPaid", "paid", "forfeited" })
            await Expect(section.Locator($"[data-bucket='{bucket}']")).ToHaveTextAsync(Yuan(totals[bucket]));
        Assert.True(totals["used"]!.GetValue<decimal>() > 100_000m, $"a year of 3% on about 4.76 million: {totals["used"]}");
        Assert.True(totals["forfeited"]!.GetValue<decimal>() > 0m, "late payers forfeited some subsidy");
        await Expect(section.Locator("table.townships tbody tr")).ToHaveCountAsync(liabilities["byTownship"]!.AsArray().Count);

        // The chart: a stacked bar for each month of the year, in several townships' colours.
        var chart = section.Locator("svg.stacked");
        await Expect(chart).ToBeVisibleAsync();
        await Expect(chart.Locator("g[data-month]")).ToHaveCountAsync(13); // January 2026 to January 2027
        Assert.True(await chart.Locator("rect.bar").CountAsync() > 50);
        Assert.True(await section.Locator("ul.legend li").CountAsync() >= 5);

        // The claims waiting for the department: submitted and approved ones, each with its CSV.
        var waiting = claims.Where(c => c!["state"]!.GetValue<string>() is "Submitted" or "Approved").ToList();
        await Expect(section.Locator("table.waiting-claims tbody tr")).ToHaveCountAsync(waiting.Count);
        var submitted = waiting.First(c => c!["state"]!.GetValue<string>() == "Submitted")!;
        var row = section.Locator($"tr[data-claim='{submitted["id"]}']");
        await Expect(row.Locator("[data-figure='claim-total']")).ToHaveTextAsync(Yuan(submitted["total"]));

        var download = await page.RunAndWaitForDownloadAsync(() => row.Locator("a.csv").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]); // UTF-8 BOM: Excel opens the Chinese intact
        var csv = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("贴息申报表," + seeded.Demo.ProgramName, csv);
        Assert.Contains("序号,借款人,身份证号,乡镇区划", csv);
        var total = submitted["total"]!.GetValue<decimal>().ToString("0.00", CultureInfo.InvariantCulture);
        Assert.Matches($@"\r\n合计,.*,{Regex.Escape(total)}\r\n", csv);
        Assert.DoesNotMatch(@"\d{17}[\dX]", csv); // resident IDs leave masked (350982********1234)

        await browser.ScreenshotAsync();
    }

    [BrowserFact]
    public async Task DepartmentPage_OnAPhone_FitsTheScreenAndScrollsOnlyItsTables()
    {
        await using var browser = await chromium.OpenAsync(Service.BaseUrl, output);
        var page = browser.Page;
        await page.SetViewportSizeAsync(375, 812);
        await SignInAsync(page, seeded.Demo.DepartmentKey);

        await Expect(page.Locator("[data-figure='budget']")).ToBeVisibleAsync();
        var widths = await page.EvaluateAsync<int[]>(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scrollWidth, clientWidth) = (widths[0], widths[1]);
        Assert.True(scrollWidth <= clientWidth, $"the page is {scrollWidth}px wide on a {clientWidth}px screen");

        await browser.ScreenshotAsync();
    }

    [BrowserFact]
    public async Task DepartmentPage_ApprovesThenMarksPaid_TheClaimMovesAsTheApiSays()
    {
        using var api = seeded.Department();
        await using var browser = await chromium.OpenAsync(Service.BaseUrl, output);
        var page = browser.Page;
        await SignInAsync(page, seeded.Demo.DepartmentKey);

        var row = page.Locator("table.waiting-claims tr[data-state='Submitted']").First;
        var id = await row.GetAttributeAsync("data-claim");
        await row.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToHaveTextAsync("申报已审核通过。");
        await Expect(page.Locator($"tr[data-claim='{id}']")).ToHaveAttributeAsync("data-state", "Approved");

        await page.Locator($"tr[data-claim='{id}']").GetByRole(AriaRole.Button, new() { Name = "标记已拨付" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToHaveTextAsync("申报已标记为已拨付。");
        var claim = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/subsidy-claims/{id}"))!;
        Assert.Equal("Paid", claim["state"]!.GetValue<string>());
        Assert.Equal(0, await page.Locator($"table.waiting-claims tr[data-claim='{id}']").CountAsync());
    }

    [Fact]
    public async Task Demo_IsTheProgrammeAsReported()
    {
        output.WriteLine($"seeded in {seeded.SeedTime.TotalSeconds:0.0} s");
        var demo = seeded.Demo;
        Assert.Equal(80, demo.Borrowers);
        Assert.Equal(4_760_000.00m, demo.Drawn);
        Assert.Equal(2, demo.Cooperatives.Count);
        Assert.Equal(new NodaTime.LocalDate(2027, 1, 5), demo.BusinessDate); // 365 closes from 5 January 2026

        using var api = seeded.Department();
        var report = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/subsidy-programs/{demo.ProgramId}/liabilities"))!;
        Assert.Equal(3_000_000.00m, report["budget"]!.GetValue<decimal>());
        Assert.Equal(80, report["byLine"]!.AsArray().Count);
        Assert.True(report["byTownship"]!.AsArray().Count >= 8);

        // What the cooperatives' journals say was drawn: exactly the reported 4.76 million, on lines of 50,000–200,000.
        var drawn = 0m;
        foreach (var cooperative in demo.Cooperatives)
        {
            using var client = Service.CreateClient(cooperative.ApiKey);
            var lines = (await client.GetFromJsonAsync<JsonObject>("/api/v1/credit-lines?limit=200"))!["items"]!.AsArray();
            Assert.Equal(cooperative.Lines, lines.Count);
            foreach (var line in lines)
            {
                Assert.InRange(line!["limit"]!.GetValue<decimal>(), 50_000m, 200_000m);
                string? cursor = null;
                do
                {
                    var page = (await client.GetFromJsonAsync<JsonObject>(
                        $"/api/v1/credit-lines/{line["id"]}/transactions?limit=200" + (cursor is null ? "" : "&cursor=" + cursor)))!;
                    drawn += page["items"]!.AsArray().Where(t => t!["kind"]!.GetValue<string>() == "Draw")
                        .Sum(t => t!["amount"]!.GetValue<decimal>());
                    cursor = page["nextCursor"]?.GetValue<string>();
                } while (cursor is not null);
            }
        }
        Assert.Equal(4_760_000.00m, drawn);

        var states = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/subsidy-programs/{demo.ProgramId}/claims?limit=200"))!["items"]!.AsArray()
            .Select(c => c!["state"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "Paid", "Approved", "Submitted", "Rejected" }, states);
    }

    [Fact]
    public async Task SignIn_WithACooperativeKey_IsRefusedInChinese_AndNoSessionIsMade()
    {
        using var browserless = PageClient();
        var token = await FormTokenAsync(browserless);

        using var answer = await browserless.PostAsync("/sign-in", Form(token, seeded.Demo.Cooperatives[0].ApiKey));

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Contains("此页面仅供组织部门使用", await answer.Content.ReadAsStringAsync());
        Assert.DoesNotContain(answer.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("loanservice.department=", StringComparison.Ordinal));
        using var home = await browserless.GetAsync("/");
        Assert.Contains("name=\"apiKey\"", await home.Content.ReadAsStringAsync()); // still the sign-in form
    }

    [Fact]
    public async Task SignIn_WithAnUnknownKey_Is401_AndWithTheDepartmentKey_SetsAStrictHttpOnlyCookieWithoutTheKey()
    {
        using var browserless = PageClient();
        var token = await FormTokenAsync(browserless);
        using var unknown = await browserless.PostAsync("/sign-in", Form(token, "lsk_not_a_key_000000000000000000000000000"));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("密钥无效或已停用", await unknown.Content.ReadAsStringAsync());

        using var signedIn = await browserless.PostAsync("/sign-in", Form(token, seeded.Demo.DepartmentKey));
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("loanservice.department=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(seeded.Demo.DepartmentKey, cookie);
        Assert.DoesNotContain(seeded.Demo.DepartmentKey[4..20], cookie);
    }

    [Fact]
    public async Task ClaimCsv_WithoutTheCookie_IsRefused_AndWithAnApiKeyToo()
    {
        var claim = seeded.Demo.Claims[^1];
        using var anonymous = PageClient();
        using var refused = await anonymous.GetAsync($"/claims/{claim}/csv");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.StartsWith("text/html", refused.Content.Headers.ContentType!.ToString());
        Assert.Contains("请先登录", await refused.Content.ReadAsStringAsync());

        // The page's routes answer to the session cookie only: an X-Api-Key (the API's way in) is no cookie.
        using var withKey = seeded.Department();
        using var stillRefused = await withKey.GetAsync($"/claims/{claim}/csv");
        Assert.Equal(HttpStatusCode.Unauthorized, stillRefused.StatusCode);
    }

    [Fact]
    public async Task Posts_WithoutTheAntiforgeryToken_AreRefused_AndChangeNothing()
    {
        using var browserless = PageClient();
        using var noToken = await browserless.PostAsync("/sign-in", Form(null, seeded.Demo.DepartmentKey));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.False(noToken.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("loanservice.department=", StringComparison.Ordinal)));

        // Signed in properly, a forged form (no token) cannot decide a claim.
        var token = await FormTokenAsync(browserless);
        (await browserless.PostAsync("/sign-in", Form(token, seeded.Demo.DepartmentKey))).Dispose();
        using var api = seeded.Department();
        var claims = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/subsidy-programs/{seeded.Demo.ProgramId}/claims?limit=200"))!["items"]!.AsArray();
        var approved = claims.First(c => c!["state"]!.GetValue<string>() == "Approved")!["id"]!.GetValue<Guid>();
        using var forged = await browserless.PostAsync($"/claims/{approved}/mark-paid",
            new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var claim = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/subsidy-claims/{approved}"))!;
        Assert.Equal("Approved", claim["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task PageRoutes_AreNotInTheOpenApiDocument_AndTheApiStillAnswersProblems()
    {
        using var client = Service.CreateClient();
        var document = await client.GetStringAsync("/swagger/v1/swagger.json");
        foreach (var route in new[] { "/sign-in", "/sign-out", "/claims/{id}/csv" })
            Assert.DoesNotContain(route, document);
        // The page's "/" as a path (the document's relative server URL is "/" too, so not as any string).
        Assert.DoesNotContain("/", JsonNode.Parse(document)!["paths"]!.AsObject().Select(p => p.Key));

        using var unknown = await client.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
    }

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/");
        await page.Locator("#apiKey").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.Locator("section.program").First).ToBeVisibleAsync();
    }

    /// <summary>
    /// A cookie-keeping client that does not follow redirects, as a browser without script would post.
    /// Made by hand: on Kestrel, WebApplicationFactory's clients follow redirects whatever
    /// <c>AllowAutoRedirect</c> says (their socket handler keeps its own default).
    /// </summary>
    private HttpClient PageClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() })
        {
            BaseAddress = Service.BaseUrl,
        };

    private static async Task<string> FormTokenAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/");
        return TokenField().Match(html).Groups[1].Value;
    }

    private static FormUrlEncodedContent Form(string? token, string key)
    {
        var fields = new Dictionary<string, string> { ["apiKey"] = key };
        if (token is not null) fields["__RequestVerificationToken"] = token;
        return new FormUrlEncodedContent(fields);
    }

    /// <summary>As the page writes money: ¥1,234.56.</summary>
    private static string Yuan(JsonNode? amount) =>
        "¥" + amount!.GetValue<decimal>().ToString("#,##0.00", CultureInfo.InvariantCulture);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
