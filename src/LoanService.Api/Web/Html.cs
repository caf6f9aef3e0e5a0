using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using NodaTime;

namespace LoanService.Api.Web;

/// <summary>Markup that is already HTML and is written as it is: only ever built from literals or a <see cref="HtmlBuilder"/>.</summary>
public readonly record struct HtmlString(string Value)
{
    public override string ToString() => Value;
}

/// <summary>
/// Builds a page. Every interpolated value is HTML-encoded unless it is an <see cref="HtmlString"/>:
/// <c>html.Add($"&lt;td&gt;{name}&lt;/td&gt;")</c> cannot inject markup, whatever <c>name</c> holds, so
/// encoding is the default rather than something each line has to remember.
/// </summary>
public sealed class HtmlBuilder
{
    // All of Unicode kept as is: Chinese stays readable in the source; only what HTML needs is escaped.
    internal static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    internal readonly StringBuilder Text = new();

    public HtmlBuilder Add([InterpolatedStringHandlerArgument("")] ref HtmlInterpolation markup) => this;

    public HtmlBuilder Add(HtmlString markup)
    {
        Text.Append(markup.Value);
        return this;
    }

    public HtmlString ToHtml() => new(Text.ToString());

    public override string ToString() => Text.ToString();

    public static string Encode(string? text) => Encoder.Encode(text ?? "");
}

[InterpolatedStringHandler]
public readonly ref struct HtmlInterpolation
{
    private readonly StringBuilder _text;

    public HtmlInterpolation(int literalLength, int formattedCount, HtmlBuilder builder)
    {
        _text = builder.Text;
        _text.EnsureCapacity(_text.Length + literalLength + formattedCount * 8);
    }

    public void AppendLiteral(string literal) => _text.Append(literal);

    public void AppendFormatted(HtmlString markup) => _text.Append(markup.Value);

    public void AppendFormatted(string? text) => _text.Append(HtmlBuilder.Encoder.Encode(text ?? ""));

    public void AppendFormatted<T>(T value) =>
        _text.Append(HtmlBuilder.Encoder.Encode(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
}

/// <summary>How the page writes money, dates and rates.</summary>
public static class Show
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>¥1,234.56, rounded half away from zero; -¥12.30 below zero.</summary>
    public static string Yuan(decimal amount)
    {
        var rounded = decimal.Round(amount, 2, MidpointRounding.AwayFromZero);
        var text = "¥" + Math.Abs(rounded).ToString("#,##0.00", Invariant);
        return rounded < 0 ? "-" + text : text;
    }

    /// <summary>2026年12月21日</summary>
    public static string Date(LocalDate date) =>
        $"{date.Year.ToString(Invariant)}年{date.Month.ToString(Invariant)}月{date.Day.ToString(Invariant)}日";

    public static string Date(LocalDate? date) => date is { } d ? Date(d) : "—";

    /// <summary>0.03 → 3.00%; 0.0435 → 4.35%; 0.04125 → 4.125%.</summary>
    public static string Percent(decimal rate) => (rate * 100m).ToString("0.00##", Invariant) + "%";

    /// <summary>"2026-03" → 2026年3月.</summary>
    public static string Month(string isoMonth) =>
        int.TryParse(isoMonth.AsSpan(0, 4), Invariant, out var year) && int.TryParse(isoMonth.AsSpan(5), Invariant, out var month)
            ? $"{year.ToString(Invariant)}年{month.ToString(Invariant)}月"
            : isoMonth;

    public static string Count(int n) => n.ToString("#,##0", Invariant);
}
