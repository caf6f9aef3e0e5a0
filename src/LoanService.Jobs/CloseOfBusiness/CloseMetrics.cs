using System.Diagnostics.Metrics;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoanService.Jobs.CloseOfBusiness;

/// <summary>Close-of-business metrics (meter <c>LoanService.CloseOfBusiness</c>); docs/operations.md lists them.</summary>
public sealed class CloseMetrics : IDisposable
{
    public const string MeterName = "LoanService.CloseOfBusiness";

    private readonly Meter _meter;
    private double _linesPerSecond;

    public CloseMetrics(IMeterFactory meters, IServiceScopeFactory scopes)
    {
        _meter = meters.Create(MeterName);
        LinesClosed = _meter.CreateCounter<long>("loanservice.close.lines_closed", "{line}", "Line-days closed");
        ChunkDuration = _meter.CreateHistogram<double>("loanservice.close.chunk_duration", "ms", "Time to close one chunk");
        ChunkFailures = _meter.CreateCounter<long>("loanservice.close.chunk_failures", "{chunk}",
            "Chunk attempts that failed and were retried or marked failed");
        DatesClosed = _meter.CreateCounter<long>("loanservice.close.dates_closed", "{date}", "Business dates closed");
        _meter.CreateObservableGauge("loanservice.close.lines_per_second", () => Volatile.Read(ref _linesPerSecond),
            "{line}/s", "Lines per second of the last date this instance finished, from its start to its finish");
        _meter.CreateObservableGauge("loanservice.business_date", () => BusinessDate(scopes), "{date}",
            "The current business date as yyyymmdd (20260105 is 5 January 2026)");
    }

    public Counter<long> LinesClosed { get; }
    public Histogram<double> ChunkDuration { get; }
    public Counter<long> ChunkFailures { get; }
    public Counter<long> DatesClosed { get; }

    public void DateFinished(long lines, TimeSpan took) =>
        Volatile.Write(ref _linesPerSecond, took > TimeSpan.Zero ? Math.Round(lines / took.TotalSeconds, 1) : 0);

    /// <summary>Read at each scrape (one indexed row); no measurement while the database does not answer.</summary>
    private static IEnumerable<Measurement<int>> BusinessDate(IServiceScopeFactory scopes)
    {
        int? value;
        try
        {
            using var scope = scopes.CreateScope();
            var date = scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>().BusinessCalendar.AsNoTracking()
                .Select(c => (NodaTime.LocalDate?)c.BusinessDate).FirstOrDefault();
            value = date is { } d ? d.Year * 10_000 + d.Month * 100 + d.Day : null;
        }
        catch (Exception)
        {
            value = null;
        }
        return value is { } v ? [new Measurement<int>(v)] : [];
    }

    public void Dispose() => _meter.Dispose();
}
