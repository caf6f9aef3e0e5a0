using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>
/// A business date whose close has computed its warnings. Inserted in the same transaction as the
/// warnings: a second instance, or the same close run again, finds it and computes nothing twice.
/// </summary>
public sealed class WarningScan
{
    public LocalDate BusinessDate { get; set; }
    public Instant ScannedAt { get; set; }
    public int LinesRead { get; set; }
    public int Raised { get; set; }
    public int Cleared { get; set; }
    public long DurationMs { get; set; }
}
