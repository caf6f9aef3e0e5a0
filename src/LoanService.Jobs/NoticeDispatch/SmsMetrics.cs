using System.Diagnostics.Metrics;

namespace LoanService.Jobs.NoticeDispatch;

/// <summary>SMS dispatch metrics (meter <c>LoanService.Sms</c>): one count per attempt's outcome.</summary>
public sealed class SmsMetrics : IDisposable
{
    public const string MeterName = "LoanService.Sms";

    private readonly Meter _meter;

    public SmsMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        Sent = _meter.CreateCounter<long>("loanservice.sms.sent", "{message}", "Notices the provider accepted");
        Failed = _meter.CreateCounter<long>("loanservice.sms.failed", "{message}", "Notices given up on (marked Failed)");
        Retrying = _meter.CreateCounter<long>("loanservice.sms.retrying", "{message}", "Attempts that failed and will be retried");
    }

    public Counter<long> Sent { get; }
    public Counter<long> Failed { get; }
    public Counter<long> Retrying { get; }

    public void Dispose() => _meter.Dispose();
}
