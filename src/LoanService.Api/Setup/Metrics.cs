using System.Diagnostics.Metrics;
using LoanService.Jobs.CloseOfBusiness;
using LoanService.Jobs.NoticeDispatch;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace LoanService.Api.Setup;

/// <summary>
/// OpenTelemetry metrics: the service's own meters (close, SMS, postings), ASP.NET Core's and the
/// runtime's, scraped by Prometheus at <c>GET /metrics</c> with the operator key (docs/operations.md).
/// </summary>
internal static class Metrics
{
    public const string ScrapePath = "/metrics";

    public static IServiceCollection AddServiceMetrics(this IServiceCollection services)
    {
        services.AddSingleton<PostingMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("LoanService"))
            .WithMetrics(m => m
                .AddMeter(CloseMetrics.MeterName, SmsMetrics.MeterName, PostingMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddView("loanservice.close.chunk_duration", new ExplicitBucketHistogramConfiguration
                {
                    Boundaries = [50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000],
                })
                .AddView("loanservice.postings.duration", new ExplicitBucketHistogramConfiguration
                {
                    Boundaries = [2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
                })
                .AddPrometheusExporter());
        return services;
    }

    /// <summary>Operator only, like the rest of operations; not part of the partners' OpenAPI document.</summary>
    public static WebApplication MapServiceMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(ScrapePath).RequireAuthorization(Roles.Operator).ExcludeFromDescription();
        return app;
    }
}

/// <summary>Postings metrics (meter <c>LoanService.Postings</c>): one measurement per posting committed.</summary>
public sealed class PostingMetrics : IDisposable
{
    public const string MeterName = "LoanService.Postings";

    private readonly Meter _meter;
    private readonly Histogram<double> _duration;

    public PostingMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _duration = _meter.CreateHistogram<double>("loanservice.postings.duration", "ms",
            "From the request's read of the line to its commit, for postings committed (replays not counted)");
    }

    /// <summary>Records a committed posting; <paramref name="operation"/> is the route's last segment (draws, repayments…).</summary>
    public void Committed(string operation, TimeSpan took) =>
        _duration.Record(took.TotalMilliseconds, new KeyValuePair<string, object?>("operation", operation));

    public void Dispose() => _meter.Dispose();
}
