using LoanService.EndToEnd.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoanService.EndToEnd.Tests;

/// <summary>The service's Swagger UI (<c>/swagger</c>) in Chromium, down to a request it sends with a key.</summary>
public sealed class SwaggerUiTests(RunningService service, Chromium chromium, ITestOutputHelper output)
    : IClassFixture<RunningService>, IClassFixture<Chromium>
{
    [BrowserFact]
    public async Task SwaggerUi_OperatorTriesBusinessDate_ShowsTheDocumentAndTheServiceAnswer()
    {
        await using var browser = await chromium.OpenAsync(service.BaseUrl, output);
        var page = browser.Page;

        await page.GotoAsync("/swagger");

        // The title and the operations come from the service's own OpenAPI document, not from the UI's files.
        await Expect(page.Locator(".information-container h1.title")).ToContainTextAsync("LoanService API");
        await Expect(page.Locator(".information-container .description")).ToContainTextAsync("党员先锋贷");
        await Expect(page.Locator(".opblock-summary-path[data-path='/api/v1/credit-lines/{id}/draws']")).ToBeVisibleAsync();

        await page.Locator(".auth-wrapper button.authorize").ClickAsync();
        // The API key's form: the SMS receipt's signature scheme has a form of its own beside it.
        var apiKey = page.Locator(".auth-container").Filter(new() { HasText = "ApiKey (apiKey)" });
        await apiKey.Locator("input").FillAsync(RunningService.OperatorKey);
        await apiKey.Locator(".auth-btn-wrapper button.authorize").ClickAsync();
        await apiKey.Locator(".auth-btn-wrapper button.btn-done").ClickAsync();

        var operation = page.Locator(".opblock").Filter(new() { Has = page.Locator(".opblock-summary-path[data-path='/api/v1/business-date']") });
        await operation.Locator(".opblock-summary-control").ClickAsync();
        await operation.GetByRole(AriaRole.Button, new() { Name = "Try it out" }).ClickAsync();
        await operation.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync();

        // Through the browser, the key and the database: the fixture's first business date.
        var answer = operation.Locator(".live-responses-table");
        await Expect(answer.Locator("tbody .response-col_status")).ToHaveTextAsync("200");
        await Expect(answer).ToContainTextAsync($"\"businessDate\": \"{RunningService.FirstBusinessDate}\"");

        await browser.ScreenshotAsync();
    }
}
