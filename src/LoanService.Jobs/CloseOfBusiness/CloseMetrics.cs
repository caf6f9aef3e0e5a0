using System.Diagnostics.Metrics;

namespace LoanService.Jobs.CloseOfBusiness;

/// <summary>Close-of-business metrics (meter <c>LoanService.CloseOfBusiness</c>).</summary>
public sealed class CloseMetrics : IDisposable
{
    public const string MeterName = "LoanService.CloseOfBusiness";

    private readonly Meter _meter;

    public CloseMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        LinesClosed = _meter.CreateCounter<long>("loanservice.close.lines_closed", "{line}", "Line-days closed");
        ChunkDuration = _meter.CreateHistogram<double>("loanservice.close.chunk_duration", "ms", "Time to close one chunk");
        ChunkFailures = _meter.CreateCounter<long>("loanservice.close.chunk_failures", "{chunk}", "Chunk attempts that failed");
        DatesClosed = _meter.CreateCounter<long>("loanservice.close.dates_closed", "{date}", "Business dates closed");
    }

    public Counter<long> LinesClosed { get; }
    public Histogram<double> ChunkDuration { get; }
    public Counter<long> ChunkFailures { get; }
    public Counter<long> DatesClosed { get; }

    public void Dispose() => _meter.Dispose();
}
