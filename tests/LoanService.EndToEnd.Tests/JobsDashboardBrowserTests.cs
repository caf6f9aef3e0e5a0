using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoanService.EndToEnd.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoanService.EndToEnd.Tests;

/// <summary>
/// The operator opens /hangfire in a browser, signs in on the form with the operator key and sees
/// the recurring jobs; a cooperative's or a department's key is turned away on the same form.
/// </summary>
public sealed class JobsDashboardBrowserTests(SchedulingService service, Chromium chromium, ITestOutputHelper output)
    : IClassFixture<SchedulingService>, IClassFixture<Chromium>
{
    [BrowserFact]
    public async Task Operator_SignsInToTheDashboard_SeesTheRecurringJobs()
    {
        await using var browser = await chromium.OpenAsync(service.BaseUrl, output);
        var page = browser.Page;
        var first = await page.GotoAsync("/hangfire/recurring");
        Assert.Equal((int)HttpStatusCode.Unauthorized, first!.Status);
        await Expect(page.Locator("body")).Not.ToContainTextAsync("close-of-business");

        await page.FillAsync("#apiKey", RunningService.OperatorKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/hangfire");
        Assert.DoesNotContain(RunningService.OperatorKey, page.Url);

        await page.GotoAsync("/hangfire/recurring");
        var table = page.Locator("table");
        await Expect(table).ToContainTextAsync("close-of-business");
        await Expect(table).ToContainTextAsync("notice-dispatch");
        await Expect(table).ToContainTextAsync("Asia/Shanghai");
        // Signed in, the operator may act: the page offers "Trigger now".
        await Expect(page.Locator("button.js-jobs-list-command").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync();
    }

    [BrowserFact]
    public async Task CooperativeAndDepartmentKeys_OnTheDashboardsForm_AreTurnedAway()
    {
        var keys = new List<string>();
        using (var cooperative = await service.Operator.PostAsJsonAsync("/api/v1/cooperatives",
                   new { name = "福鼎市农村信用合作联社", signature = "福鼎农信" }))
            keys.Add((await cooperative.Content.ReadFromJsonAsync<JsonObject>())!["apiKey"]!.GetValue<string>());
        using (var department = await service.Operator.PostAsJsonAsync("/api/v1/org-departments",
                   new { name = "中共福鼎市委组织部", regionCode = "350982" }))
            keys.Add((await department.Content.ReadFromJsonAsync<JsonObject>())!["apiKey"]!.GetValue<string>());

        foreach (var key in keys)
        {
            await using var browser = await chromium.OpenAsync(service.BaseUrl, output);
            var page = browser.Page;
            await page.GotoAsync("/hangfire");
            await page.FillAsync("#apiKey", key);
            var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"),
                r => r.Url.EndsWith("/hangfire/sign-in") && r.Request.Method == "POST");
            Assert.Equal((int)HttpStatusCode.Forbidden, answer.Status);
            await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("仅供运营方使用");

            var after = await page.GotoAsync("/hangfire/recurring");
            Assert.Equal((int)HttpStatusCode.Unauthorized, after!.Status);
            await Expect(page.Locator("body")).Not.ToContainTextAsync("close-of-business");
        }
    }
}
