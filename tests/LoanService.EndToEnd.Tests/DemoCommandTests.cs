using LoanService.Demo;
using LoanService.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace LoanService.EndToEnd.Tests;

/// <summary>The demo never loads into the service's own database file.</summary>
public class DemoCommandTests
{
    private static IConfiguration Prepared(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        DemoCommand.Prepare(builder);
        return builder.Configuration;
    }

    [Fact]
    public void Prepare_WithTheServicesDefaultFile_UsesTheDemosOwnFile()
    {
        var config = Prepared(("Database:Provider", "Sqlite"), ("ConnectionStrings:LoanService", DatabaseOptions.DefaultSqlite));
        Assert.Equal("Data Source=data/loanservice-demo.db", config.GetConnectionString("LoanService"));
    }

    [Fact]
    public void Prepare_WithAFileChosenByTheUser_KeepsIt()
    {
        var config = Prepared(("ConnectionStrings:LoanService", "Data Source=/tmp/mine.db"));
        Assert.Equal("Data Source=/tmp/mine.db", config.GetConnectionString("LoanService"));
    }

    [Fact]
    public void Prepare_OnPostgres_KeepsTheConnectionString()
    {
        var config = Prepared(("Database:Provider", "Postgres"), ("ConnectionStrings:LoanService", "Host=db;Database=demo"));
        Assert.Equal("Host=db;Database=demo", config.GetConnectionString("LoanService"));
    }
}
