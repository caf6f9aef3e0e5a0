using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LoanService.EndToEnd.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright, one browser per test class and a fresh context (cookies,
/// storage) per <see cref="OpenAsync"/>. Playwright's own browser download is never used:
/// <c>playwright install</c> cannot run on these machines, <c>apt-get install chromium</c> can.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>
    /// Why browser tests cannot run here, or null. With CI=true they run (and fail) without Chromium,
    /// as the PostgreSQL tests do, so CI can never pass by skipping them.
    /// </summary>
    public static string? SkipReason =>
        File.Exists(ExecutablePath) || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"Browser tests need Chromium at {ExecutablePath} (apt-get install -y chromium fonts-wqy-microhei); .ci/run installs it.";

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>A new page whose relative URLs resolve against <paramref name="baseUrl"/>, as a reader in China sees it.</summary>
    public async Task<BrowserSession> OpenAsync(Uri baseUrl, ITestOutputHelper output)
    {
        // Launched on first use, so that a class whose tests are all skipped never starts a browser.
        _playwright ??= await Playwright.CreateAsync();
        _browser ??= await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath, Headless = true, Args = Args,
        });
        var context = await _browser.NewContextAsync(new()
        {
            BaseURL = baseUrl.ToString(), Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        return await BrowserSession.StartAsync(context, output);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
