using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>
/// Meters are process-wide: another service in this test process closing or posting at the same time
/// would add to these counts. This collection runs alone.
/// </summary>
[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary>
/// GET /metrics, the Prometheus scrape, for the operator only: the close's figures, postings and
/// their latency, and the business date, after a draw and a two-day close on one line.
/// </summary>
[Collection(nameof(MetricsTests))]
public sealed partial class MetricsTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    [Fact]
    public async Task Metrics_AfterADrawAndATwoDayClose_ShowTheirFiguresToTheOperatorOnly()
    {
        var op = factory.Operator();
        var (coop, _) = await op.CreateCooperativeAsync(factory);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.WithKey(null!).GetAsync("/metrics")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await coop.GetAsync("/metrics")).Status);
        var before = await ScrapeAsync(op);
        Assert.Equal(20260105, Value(before, "loanservice_business_date"));

        var id = (await coop.OpenLineAsync(limit: 100_000m, annualRate: 0.0435m))["id"]!.GetValue<Guid>();
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 50_000m })).Expect(HttpStatusCode.Created);
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 1_000m }, "metrics-draw-1")).Expect(HttpStatusCode.Created);
        // The same key again is a replay: answered, not posted, not counted.
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/draws", new { amount = 1_000m }, "metrics-draw-1")).Expect(HttpStatusCode.Created);
        // The close touches a line only on a date with an event: the draws on the 5th, a repayment on the 6th.
        await op.CloseThroughAsync("2026-01-05");
        (await coop.PostAsync($"/api/v1/credit-lines/{id}/repayments", new { amount = 100m })).Expect(HttpStatusCode.Created);
        await op.CloseThroughAsync("2026-01-06");
        await Task.Delay(400); // the exporter caches a scrape for 300 ms

        var after = await ScrapeAsync(op);
        Assert.Equal(20260107, Value(after, "loanservice_business_date"));
        // One line, closed on the 5th and the 6th: two line-days, two dates, one chunk each.
        Assert.Equal(2, Value(after, "loanservice_close_lines_closed_total") - Value(before, "loanservice_close_lines_closed_total"));
        Assert.Equal(2, Value(after, "loanservice_close_dates_closed_total") - Value(before, "loanservice_close_dates_closed_total"));
        Assert.Equal(2, Value(after, "loanservice_close_chunk_duration_milliseconds_count") -
                        Value(before, "loanservice_close_chunk_duration_milliseconds_count"));
        Assert.True(Value(after, "loanservice_close_lines_per_second") > 0);
        Assert.Equal(2, Value(after, "loanservice_postings_duration_milliseconds_count", "operation=\"draws\""));
        Assert.Contains("http_server_request_duration_seconds_count", after);
        Assert.Contains("dotnet_gc_collections_total", after);
        Assert.DoesNotContain("11010519491231002X", after);
    }

    private static async Task<string> ScrapeAsync(ApiClient op)
    {
        var scrape = await op.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.Status);
        return scrape.Body;
    }

    /// <summary>The sum over a metric's series (0 when it has none yet), optionally those with a label.</summary>
    private static double Value(string scrape, string metric, string? label = null) => scrape.Split('\n')
        .Where(l => l.StartsWith(metric + "{") || l.StartsWith(metric + " "))
        .Where(l => label is null || l.Contains(label))
        .Select(l => double.Parse(Sample().Match(l).Groups[1].Value, CultureInfo.InvariantCulture)).Sum();

    [GeneratedRegex(@"\s(\S+)(\s\d+)?$")]
    private static partial Regex Sample();
}
