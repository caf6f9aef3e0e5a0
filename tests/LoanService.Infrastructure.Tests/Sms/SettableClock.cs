using NodaTime;

namespace LoanService.Tests.Sms;

/// <summary>A clock the test moves by hand.</summary>
public sealed class SettableClock(Instant now) : IClock
{
    private readonly Lock _lock = new();
    private Instant _now = now;

    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>A clock at a wall time in Asia/Shanghai.</summary>
    public static SettableClock AtShanghai(int year, int month, int day, int hour, int minute) =>
        new(new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Shanghai).ToInstant());

    public Instant GetCurrentInstant()
    {
        lock (_lock) return _now;
    }

    public void Set(Instant now)
    {
        lock (_lock) _now = now;
    }

    public void SetShanghai(int year, int month, int day, int hour, int minute, int second = 0) =>
        Set(new LocalDateTime(year, month, day, hour, minute, second).InZoneStrictly(Shanghai).ToInstant());

    public void Advance(Duration by)
    {
        lock (_lock) _now += by;
    }
}
