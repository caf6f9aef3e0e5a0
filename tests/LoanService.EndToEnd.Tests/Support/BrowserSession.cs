using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LoanService.EndToEnd.Tests.Support;

/// <summary>
/// One test's page. The page's script errors and console errors go to the test's output, where a
/// failing assertion about what is on the page would otherwise leave no clue.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ITestOutputHelper _output;

    private BrowserSession(IBrowserContext context, IPage page, ITestOutputHelper output)
    {
        _context = context;
        _output = output;
        Page = page;
        page.PageError += (_, error) => output.WriteLine($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error") output.WriteLine($"console error: {message.Text}");
        };
    }

    public IPage Page { get; }

    internal static async Task<BrowserSession> StartAsync(IBrowserContext context, ITestOutputHelper output) =>
        new(context, await context.NewPageAsync(), output);

    /// <summary>
    /// Saves the whole page as <c>TestResults/screenshots/&lt;name&gt;.png</c> under the repository root,
    /// replacing an earlier run's, and writes the path to the test's output.
    /// </summary>
    public async Task<string> ScreenshotAsync([CallerMemberName] string name = "")
    {
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        _output.WriteLine($"screenshot: {path}");
        return path;
    }

    private static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LoanService.sln"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
