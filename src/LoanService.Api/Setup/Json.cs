using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace LoanService.Api.Setup;

/// <summary>Business dates as <c>"2026-12-21"</c>.</summary>
internal sealed class LocalDateJsonConverter : JsonConverter<LocalDate>
{
    public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = reader.TokenType == JsonTokenType.String
            ? LocalDatePattern.Iso.Parse(reader.GetString()!)
            : throw new JsonException("A date must be a string like \"2026-12-21\".");
        return result.Success ? result.Value : throw new JsonException("A date must look like \"2026-12-21\".");
    }

    public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
        writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
}

/// <summary>Instants as <c>"2026-12-21T00:00:00Z"</c>.</summary>
internal sealed class InstantJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = InstantPattern.ExtendedIso.Parse(reader.GetString() ?? "");
        return result.Success ? result.Value : throw new JsonException("An instant must look like \"2026-12-21T00:00:00Z\".");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
}

internal static class JsonSetup
{
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        o.Converters.Add(new LocalDateJsonConverter());
        o.Converters.Add(new InstantJsonConverter());
        o.NumberHandling = JsonNumberHandling.Strict;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
    }

    /// <summary>Money goes out in yuan with exactly 2 decimals (<c>1234.50</c>), accruals rounded to 分 for display.</summary>
    public static decimal Yuan(this LoanService.Domain.Money money) => Yuan(money.Amount);

    public static decimal Yuan(decimal amount) =>
        decimal.Round(amount, 2, MidpointRounding.AwayFromZero) + 0.00m;

    public static string Iso(this LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
