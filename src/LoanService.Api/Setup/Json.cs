using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LoanService.Domain;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Text;

namespace LoanService.Api.Setup;

/// <summary>
/// A value the body's JSON holds but the service refuses, with the stable code the problem carries.
/// A <see cref="JsonException"/>, so the serializer adds the path (<c>$.startDate</c>) before the
/// framework turns it into a bad request.
/// </summary>
public sealed class CodedJsonException(string code, string message) : JsonException(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// Business dates as <c>"2026-12-21"</c>, exactly: four digits, two, two, nothing before or after, and a
/// year from <see cref="MinYear"/> to <see cref="MaxYear"/>. NodaTime alone would take year 0, negative
/// years (which neither database can store) and text after a NUL (its parser stops there); no loan,
/// programme or claim of this product means a date outside those two centuries.
/// </summary>
public static partial class DateInput
{
    public const int MinYear = 1900;
    public const int MaxYear = 2199;

    public static bool TryParse(string? text, out LocalDate date, out string code, out string message)
    {
        date = default;
        if (text is not null && FarYear().IsMatch(text))
        {
            (code, message) = (ErrorCodes.DateOutOfRange, $"A date must be from {MinYear}-01-01 to {MaxYear}-12-31.");
            return false;
        }
        if (text is not { Length: 10 } || text[4] != '-' || text[7] != '-'
            || !text.Where((c, i) => i is not (4 or 7)).All(char.IsAsciiDigit)
            || LocalDatePattern.Iso.Parse(text) is not { Success: true } parsed)
        {
            (code, message) = ("", "A date must be a real calendar date written like 2026-12-21.");
            return false;
        }
        if (parsed.Value.Year is < MinYear or > MaxYear)
        {
            (code, message) = (ErrorCodes.DateOutOfRange,
                $"A date must be from {MinYear}-01-01 to {MaxYear}-12-31.");
            return false;
        }
        (date, code, message) = (parsed.Value, "", "");
        return true;
    }

    /// <summary>A signed year or one of more than four digits (<c>-0001-01-01</c>, <c>+10000-01-01</c>): far outside, not malformed.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:[+-][0-9]{4,6}|[0-9]{5,6})-[0-9]{2}-[0-9]{2}$")]
    private static partial System.Text.RegularExpressions.Regex FarYear();

    /// <summary>
    /// A date from a query or a path; refused as a 400 naming <paramref name="field"/>: <c>date.out_of_range</c>,
    /// or <c>request.invalid</c> for text that is no date (the code such a date always had).
    /// </summary>
    public static LocalDate Parse(string? text, string field) =>
        TryParse(text, out var date, out var code, out var message)
            ? date
            : code.Length > 0
                ? throw RequestValidationException.For(field, code, $"{field}: {message}")
                : throw RequestValidationException.For(field, $"{field}: {message}");
}

/// <summary>
/// Business dates read strictly (<see cref="DateInput"/>), with the codes a partner acts on; written by
/// NodaTime's own ISO converter. Every other NodaTime type (instants, as <c>"2026-12-21T00:00:00Z"</c>) is
/// NodaTime.Serialization.SystemTextJson's, which reads and writes them as this one would.
/// </summary>
internal sealed class LocalDateJsonConverter : JsonConverter<LocalDate>
{
    public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Text that is no date stays request.malformed, the code it always had; a far date has its own.
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("A date must be a string like \"2026-12-21\".");
        return DateInput.TryParse(reader.GetString(), out var date, out var code, out var message)
            ? date
            : code.Length > 0 ? throw new CodedJsonException(code, message) : throw new JsonException(message);
    }

    public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
        NodaConverters.LocalDateConverter.Write(writer, value, options);
}

/// <summary>
/// Numbers read as <see cref="decimal"/> only when the decimal holds them exactly. The serializer would
/// round <c>1.0000000000000000000000000000001</c> to 28 places (<c>1</c>), after which an amount passes
/// the 2-decimal check it fails as written; such a number is refused here, in any spelling
/// (<c>1e-30</c>, 30 digits, 29 decimals). A number that is exact goes on to the domain's own checks
/// (<c>100.001</c> is still <c>amount.too_many_decimals</c>).
/// </summary>
internal sealed class ExactDecimalJsonConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number) throw new JsonException("A number must be a JSON number.");
        var raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
        var text = System.Text.Encoding.ASCII.GetString(raw);
        // Out of the decimal's range (1e400) is malformed, as it always was; in range but rounded is not exact.
        if (!reader.TryGetDecimal(out var value)) throw new JsonException("The number is out of range.");
        if (Canonical(text) != Canonical(value))
            throw new CodedJsonException(ErrorCodes.NumberNotExact,
                "The number has more digits or decimals than the service can hold exactly; send it as written, e.g. 1234.56.");
        return value;
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value);

    /// <summary>The value of <paramref name="value"/> as plain digits: no exponent, no leading or trailing zeros.</summary>
    private static string? Canonical(string value)
    {
        var negative = value.StartsWith('-');
        var body = negative ? value[1..] : value;
        var e = body.IndexOfAny(['e', 'E']);
        var exponent = 0;
        if (e >= 0 && !int.TryParse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            return null;
        var mantissa = e >= 0 ? body[..e] : body;
        var point = mantissa.IndexOf('.');
        var digits = point >= 0 ? mantissa.Remove(point, 1) : mantissa;
        var position = (point >= 0 ? point : mantissa.Length) + (long)exponent;
        var lead = digits.Length - digits.TrimStart('0').Length;
        digits = digits.TrimStart('0');
        position -= lead;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) return "0";
        // A decimal has at most 29 digits and 28 places: anything farther out cannot be held exactly.
        if (position is > 29 or < -28) return null;
        var plain = position <= 0 ? "0." + new string('0', (int)-position) + digits
            : position >= digits.Length ? digits + new string('0', (int)position - digits.Length)
            : digits[..(int)position] + "." + digits[(int)position..];
        return (negative ? "-" : "") + plain;
    }

    private static string Canonical(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.')) text = text.TrimEnd('0').TrimEnd('.');
        return text is "-0" ? "0" : text;
    }
}

/// <summary>
/// Enums as their names, exactly: <c>"LenderClaims"</c>, not <c>"lenderclaims"</c>, <c>"LENDERCLAIMS"</c>,
/// <c>" LenderClaims "</c> or <c>1</c>, which the framework's converter takes (it ignores case and
/// surrounding spaces). A partner's system that sends another spelling has a bug worth hearing about. Refused
/// as <c>request.malformed</c>, as an unknown name always was.
/// </summary>
internal sealed class ExactEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ExactEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class ExactEnumConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly string[] Names = Enum.GetNames<T>();

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return text is not null && Names.Contains(text, StringComparer.Ordinal)
                ? Enum.Parse<T>(text)
                : throw new JsonException($"The value must be exactly one of {string.Join(", ", Names)}.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}

internal static class JsonSetup
{
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.Converters.Add(new ExactEnumConverterFactory());
        o.Converters.Add(new ExactDecimalJsonConverter());
        // Before NodaTime's own: the first converter for a type is the one used.
        o.Converters.Add(new LocalDateJsonConverter());
        o.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        o.NumberHandling = JsonNumberHandling.Strict;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        // JsonBodyCheck refuses duplicates with its own code before a handler reads the body; this is the
        // serializer's own guard for bodies read elsewhere.
        o.AllowDuplicateProperties = false;
    }

    /// <summary>Money goes out in yuan with exactly 2 decimals (<c>1234.50</c>), accruals rounded to 分 for display.</summary>
    public static decimal Yuan(this LoanService.Domain.Money money) => money.ToDisplayYuan();

    public static decimal Yuan(decimal amount) => LoanService.Domain.Money.ToDisplayYuan(amount);

    public static string Iso(this LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
