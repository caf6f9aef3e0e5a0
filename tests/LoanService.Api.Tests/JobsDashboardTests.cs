using System.Net;
using System.Text.RegularExpressions;
using LoanService.Api.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LoanService.Api.Tests;

/// <summary>
/// Hangfire's dashboard at /hangfire is the operator's alone: anyone else gets the sign-in form or
/// a refusal and none of its pages; the operator key sent as a header sees it read-only; the operator
/// signed in on the form (cookie, antiforgery) sees it with its buttons.
/// </summary>
public abstract partial class JobsDashboardTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    [DatabaseFact]
    public async Task Dashboard_Anonymous_GetsTheSignInFormAndNoJobs()
    {
        using var browser = Browser();
        foreach (var path in new[] { "/hangfire", "/hangfire/recurring", "/hangfire/jobs/failed", "/hangfire/stats" })
        {
            using var answer = await browser.GetAsync(path);
            var body = await answer.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.DoesNotContain("close-of-business", body);
        }
        using var page = await browser.GetAsync("/hangfire/recurring");
        Assert.Contains("action=\"/hangfire/sign-in\"", await page.Content.ReadAsStringAsync());
        using var post = await browser.PostAsync("/hangfire/recurring/trigger",
            new FormUrlEncodedContent([new("jobs[]", "close-of-business")]));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [DatabaseFact]
    public async Task Dashboard_CooperativeOrDepartmentKey_IsRefusedEvenAsAHeader()
    {
        var op = factory.Operator();
        var keys = new[]
        {
            (await op.PostAsync("/api/v1/cooperatives", new { name = "福鼎市农村信用合作联社", signature = "福鼎农信" }))
                .Expect(HttpStatusCode.Created)["apiKey"]!.GetValue<string>(),
            (await op.PostAsync("/api/v1/org-departments", new { name = "中共福鼎市委组织部", regionCode = "350982" }))
                .Expect(HttpStatusCode.Created)["apiKey"]!.GetValue<string>(),
        };
        foreach (var key in keys)
        {
            var refused = await factory.WithKey(key).GetAsync("/hangfire/recurring");
            Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
            Assert.DoesNotContain("close-of-business", refused.Body);

            // Nor does the key sign in on the form.
            using var browser = Browser();
            using var signIn = await SignInAsync(browser, key);
            Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
            Assert.Contains("仅供运营方使用", await signIn.Content.ReadAsStringAsync());
            using var after = await browser.GetAsync("/hangfire/recurring");
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        }
    }

    [DatabaseFact]
    public async Task Dashboard_OperatorKeyHeader_SeesTheRecurringJobsReadOnly()
    {
        var page = await factory.Operator().GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("close-of-business", page.Body);
        Assert.Contains("notice-dispatch", page.Body);
        Assert.DoesNotContain("js-jobs-list-command", page.Body); // Trigger now, Delete: not offered
        using var post = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger") { Content = TriggerForm() };
        post.Headers.Add("X-Api-Key", ApiFactory.OperatorKey);
        using var refused = await factory.CreateClient().SendAsync(post);
        Assert.False(refused.IsSuccessStatusCode, $"a read-only dashboard took a command: {(int)refused.StatusCode}");
    }

    [DatabaseFact]
    public async Task Dashboard_OperatorSignedIn_SeesTheJobsWithTheirButtonsAndSignsOut()
    {
        using var browser = Browser();
        using var wrongKey = await SignInAsync(browser, "lsk_not_a_key_at_all");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);

        using var signIn = await SignInAsync(browser, ApiFactory.OperatorKey);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal("/hangfire", signIn.Headers.Location?.OriginalString);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("loanservice.operator="));
        Assert.Contains("path=/hangfire", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ApiFactory.OperatorKey, cookie);

        using var page = await browser.GetAsync("/hangfire/recurring");
        var body = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("close-of-business", body);
        Assert.Contains("js-jobs-list-command", body);
        Assert.Matches(CsrfMeta(), body);

        // Trigger now: with the page's antiforgery token in its header, as the dashboard's script sends it.
        var csrf = CsrfMeta().Match(body).Groups[1].Value;
        using var forged = await browser.PostAsync("/hangfire/recurring/trigger", TriggerForm());
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        using var trigger = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger") { Content = TriggerForm() };
        trigger.Headers.Add("X-CSRF-TOKEN", csrf);
        using var triggered = await browser.SendAsync(trigger);
        Assert.Equal(HttpStatusCode.NoContent, triggered.StatusCode);

        using var signOut = await browser.PostAsync("/hangfire/sign-out",
            new FormUrlEncodedContent([new("__RequestVerificationToken", CsrfMeta().Match(body).Groups[1].Value)]));
        Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
        using var after = await browser.GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [DatabaseFact]
    public async Task Dashboard_SignInWithoutTheFormsToken_IsRefused()
    {
        using var browser = Browser();
        using var forged = await browser.PostAsync("/hangfire/sign-in",
            new FormUrlEncodedContent([new("apiKey", ApiFactory.OperatorKey)]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var cookies)
                     && cookies.Any(c => c.StartsWith("loanservice.operator=")));
    }

    private static FormUrlEncodedContent TriggerForm() => new([new("jobs[]", "notice-dispatch")]);

    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Fetches the form (its antiforgery cookie and token) and posts <paramref name="key"/> on it.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key)
    {
        var form = await (await browser.GetAsync("/hangfire/sign-in")).Content.ReadAsStringAsync();
        var token = TokenField().Match(form).Groups[1].Value;
        return await browser.PostAsync("/hangfire/sign-in",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("apiKey", key)]));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfMeta();
}

public sealed class JobsDashboardTestsOnSqlite(SchedulingSqliteApiFactory factory) : JobsDashboardTests<SchedulingSqliteApiFactory>(factory);

public sealed class JobsDashboardTestsOnPostgres(SchedulingPostgresApiFactory factory)
    : JobsDashboardTests<SchedulingPostgresApiFactory>(factory), IPostgresTests;
