using System.Text.RegularExpressions;

namespace LoanService.Api.Tests;

/// <summary>
/// The API reaches the database only through the application layer (docs/architecture.md): no file of
/// <c>src/LoanService.Api</c> names the DbContext, a <c>DbSet</c> or EF Core, except the composition root,
/// which registers them.
/// </summary>
public sealed partial class ArchitectureTests
{
    /// <summary>Where the API may name the store: it wires the layers together.</summary>
    private static readonly string[] CompositionRoot = ["Setup/ApiSetup.cs"];

    [Fact]
    public void ApiFiles_OutsideTheCompositionRoot_DoNotUseTheStore()
    {
        var offending = ApiSources()
            .Where(f => !CompositionRoot.Contains(f.Path))
            .Where(f => UsesStore(f.Text))
            .Select(f => f.Path).ToList();
        Assert.True(offending.Count == 0,
            "These API files use the DbContext, a DbSet or EF Core; move the work into src/LoanService.Application: "
            + string.Join(", ", offending));
    }

    [Theory]
    [InlineData("public static class Lines { static Task Get(LoanServiceDbContext db) => db.SaveChangesAsync(); }")]
    [InlineData("using Microsoft.EntityFrameworkCore;\nclass A { }")]
    [InlineData("class A { Microsoft.EntityFrameworkCore.DbContext? db; }")]
    [InlineData("class A(DbSet<CreditLine> lines) { }")]
    public void UsesStore_ANewFileThatTakesTheStore_IsCaught(string text) => Assert.True(UsesStore(text));

    [Theory]
    [InlineData("using LoanService.Application.CreditLines;\nclass A(CreditLineQueries lines) { }")]
    [InlineData("/// <summary>Reads the journal through the application layer, never the LoanServiceDbContext.</summary>\nclass A { }")]
    [InlineData("// no Microsoft.EntityFrameworkCore here\nclass A { }")]
    public void UsesStore_AFileThroughTheApplicationLayer_Passes(string text) => Assert.False(UsesStore(text));

    /// <summary>Whether code (comments aside) names the DbContext, a DbSet or EF Core.</summary>
    internal static bool UsesStore(string text) => StoreName().IsMatch(Comments().Replace(text, ""));

    [GeneratedRegex(@"\bLoanServiceDbContext\b|\bDbSet\s*<|\bMicrosoft\.EntityFrameworkCore\b|\bDbContext\b")]
    private static partial Regex StoreName();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    private static IEnumerable<(string Path, string Text)> ApiSources()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "LoanService.Api");
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith("obj/", StringComparison.Ordinal) && !p.StartsWith("bin/", StringComparison.Ordinal))
            .Select(p => (p, File.ReadAllText(Path.Combine(root, p))));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LoanService.sln"))) return dir.FullName;
        throw new InvalidOperationException("LoanService.sln not found above the test's folder.");
    }
}
