using System.Text.Json;
using LoanService.Api.Setup;
using NodaTime;

namespace LoanService.Api.Tests;

/// <summary>
/// NodaTime.Serialization.SystemTextJson writes the service's instants and dates; business dates are still
/// read strictly by the service's own converter, which must stay first.
/// </summary>
public class JsonSetupTests
{
    private sealed record Sample(LocalDate Date, Instant At);

    private static JsonSerializerOptions Options()
    {
        var o = new JsonSerializerOptions();
        JsonSetup.Configure(o);
        return o;
    }

    [Fact]
    public void Serialize_DateAndInstant_WritesIsoText()
    {
        var json = JsonSerializer.Serialize(new Sample(new LocalDate(2026, 12, 21), Instant.FromUtc(2026, 12, 21, 8, 30, 5)), Options());
        Assert.Equal("""{"date":"2026-12-21","at":"2026-12-21T08:30:05Z"}""", json);
    }

    [Fact]
    public void Deserialize_InstantFromNodaTimesConverter_ReadsIt()
    {
        var sample = JsonSerializer.Deserialize<Sample>("""{"date":"2026-12-21","at":"2026-12-21T08:30:05.25Z"}""", Options())!;
        Assert.Equal(Instant.FromUtc(2026, 12, 21, 8, 30, 5).PlusNanoseconds(250_000_000), sample.At);
    }

    [Fact]
    public void Deserialize_DateOutsideTwoCenturies_IsRefusedWithItsCode()
    {
        // NodaTime's own converter would take year 0001; the service's, first in the list, refuses it.
        var refused = Assert.Throws<CodedJsonException>(() =>
            JsonSerializer.Deserialize<Sample>("""{"date":"0001-01-01","at":"2026-12-21T00:00:00Z"}""", Options()));
        Assert.Equal("date.out_of_range", refused.Code);
    }
}
