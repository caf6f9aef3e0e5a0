using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LoanService.Demo;
using LoanService.EndToEnd.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoanService.EndToEnd.Tests;

/// <summary>
/// The department's early-warning section over the demo, in a browser: the demo's borrowers who fell
/// behind in December are cases; the department assigns a helper and records a visit, the borrower pays
/// off, the close resolves the case, and the CSV lists it. On a demo of its own, since it closes a day.
/// </summary>
public sealed class EarlyWarningPageTests(SeededProgramme seeded, Chromium chromium, ITestOutputHelper output)
    : IClassFixture<SeededProgramme>, IClassFixture<Chromium>
{
    [BrowserFact]
    public async Task WarningSection_AssignHelpRecordVisitPayOff_CaseResolvesAndTheCsvListsIt()
    {
        var service = seeded.Service;
        using var api = seeded.Department();
        var cases = (await api.GetFromJsonAsync<JsonObject>("/api/v1/warning-cases?severity=Medium&state=Found"))!["items"]!.AsArray();
        // The two who stayed behind: overdue from 21 December, 15 days past due on 5 January 2027.
        var behind = cases.Where(c => c!["warnings"]!.AsArray().Any(w => w!["kind"]!.GetValue<string>() == "PastDue")).ToList();
        Assert.Equal(DemoFallingBehind.StayBehind, behind.Count);
        var chosen = behind[0]!;
        var caseId = chosen["id"]!.GetValue<Guid>();
        var pastDue = chosen["warnings"]!.AsArray().Single(w => w!["kind"]!.GetValue<string>() == "PastDue")!;
        Assert.Equal(15, pastDue["daysPastDue"]!.GetValue<int>());

        await using var browser = await chromium.OpenAsync(service.BaseUrl, output);
        var page = browser.Page;
        await page.GotoAsync("/");
        await page.Locator("#apiKey").FillAsync(seeded.Demo.DepartmentKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        // The warning section comes first, before the programme's figures.
        await Expect(page.Locator("main > section").First).ToHaveIdAsync("warnings");
        var card = page.Locator($"article.case[data-case='{caseId}']");
        await Expect(card.Locator(".warnings")).ToContainTextAsync("逾期");
        await Expect(card.Locator(".borrower")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[\u4e00-\u9fff]\*+$"));
        await Expect(card.Locator(".helper")).ToHaveTextAsync("未分配");

        await card.GetByRole(AriaRole.Link, new() { Name = "办理" }).ClickAsync();
        await page.Locator("#assign input[name=helperName]").FillAsync("林建华");
        await page.Locator("#assign input[name=helperPost]").FillAsync("村党支部书记");
        await page.Locator("#assign button").ClickAsync();
        await Expect(page.Locator("#notice")).ToHaveTextAsync("已分配帮扶责任人。");
        await Expect(page.Locator("#helper")).ToHaveTextAsync("林建华（村党支部书记）");
        await page.Locator("#help input[name=date]").FillAsync("2027-01-05");
        await page.Locator("#help input[name=action]").FillAsync("入户走访");
        await page.Locator("#help textarea[name=note]").FillAsync("因病误工，家属承诺当日结清");
        await page.Locator("#help button").ClickAsync();
        await Expect(page.Locator("#notice")).ToHaveTextAsync("已记录帮扶。");
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("帮扶中");

        // The borrower pays off on 5 January (the payoff quote, to the 分); the day's close clears the warnings.
        var lineId = pastDue["lineId"]!.GetValue<Guid>();
        var cooperative = seeded.Demo.Cooperatives.Single(c => c.Id == chosen["cooperativeId"]!.GetValue<Guid>());
        using var coop = service.CreateClient(cooperative.ApiKey);
        var quote = (await coop.GetFromJsonAsync<JsonObject>($"/api/v1/credit-lines/{lineId}/payoff-quote"))!;
        var repay = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/credit-lines/{lineId}/repayments")
            { Content = JsonContent.Create(new { amount = quote["amount"]!.GetValue<decimal>() }) };
        repay.Headers.Add("Idempotency-Key", $"e2e-payoff-{lineId}");
        Assert.Equal(System.Net.HttpStatusCode.Created, (await coop.SendAsync(repay)).StatusCode);
        Assert.True((await service.Operator.PostAsJsonAsync("/api/v1/operations/close-business-day", new { })).IsSuccessStatusCode);

        await page.ReloadAsync();
        await Expect(page.Locator("#case-state")).ToHaveTextAsync("已解除");
        await Expect(page.Locator("#resolution")).ToContainTextAsync("全部预警已消除");
        await Expect(page.Locator("#case-changes")).ToContainTextAsync("帮扶记录（2027-01-05）：入户走访");

        await page.GotoAsync("/");
        await Expect(page.Locator($"article.case[data-case='{caseId}']")).ToHaveCountAsync(0); // no longer open
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#cases-csv").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]); // UTF-8 BOM: Excel opens the Chinese intact
        var csv = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("\"案件编号\",\"状态\",\"严重程度\",\"借款人\"", csv);
        var row = csv.Split("\r\n").Single(r => r.StartsWith($"\"{caseId}\"", StringComparison.Ordinal));
        Assert.Contains("\"已解除\"", row);
        Assert.Contains("\"林建华\",\"村党支部书记\",\"2027-01-05\",\"2027-01-06\"", row);
        Assert.DoesNotMatch(@"\d{17}[\dX]", csv);

        // On a phone: the cards stack, nothing overflows sideways.
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Expect(page.Locator("#warnings")).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page scrolls sideways at 390 px");
        await browser.ScreenshotAsync();
    }
}
