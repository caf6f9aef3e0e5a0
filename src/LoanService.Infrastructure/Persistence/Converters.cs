using System.Text.Json;
using LoanService.Domain;
using LoanService.Domain.CreditLines;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;

namespace LoanService.Infrastructure.Persistence;

internal sealed class LocalDateConverter() : ValueConverter<LocalDate, DateOnly>(
    d => d.ToDateOnly(), d => LocalDate.FromDateOnly(d));

/// <summary>Instants as UTC <see cref="DateTime"/>: <c>timestamptz</c> on PostgreSQL, ISO text on SQLite.</summary>
internal sealed class InstantConverter() : ValueConverter<Instant, DateTime>(
    i => i.ToDateTimeUtc(), d => Instant.FromDateTimeUtc(DateTime.SpecifyKind(d, DateTimeKind.Utc)));

internal sealed class MoneyConverter() : ValueConverter<Money, decimal>(m => m.Amount, d => new Money(d));

/// <summary>Rates read back without the column's trailing zeros: 0.043500 from PostgreSQL is 0.0435, as stored.</summary>
internal sealed class AnnualRateConverter() : ValueConverter<AnnualRate, decimal>(
    r => r.Value, d => new AnnualRate(Decimals.Trimmed(d)));

/// <summary>A line's unpaid bills as one JSON text column: a line has a handful at most.</summary>
internal static class BillsColumn
{
    private sealed record Stored(string BilledOn, string DueDate, decimal Unpaid, bool Overdue);

    public static readonly ValueConverter<List<InterestBill>, string> Converter = new(
        bills => Write(bills), text => Read(text));

    public static readonly ValueComparer<List<InterestBill>> Comparer = new(
        (a, b) => a!.SequenceEqual(b!),
        bills => bills.Aggregate(0, (h, b) => HashCode.Combine(h, b.GetHashCode())),
        bills => bills.ToList());

    private static string Write(List<InterestBill> bills) => JsonSerializer.Serialize(bills.Select(b =>
        new Stored(b.BilledOn.ToString("yyyy-MM-dd", null), b.DueDate.ToString("yyyy-MM-dd", null), b.Unpaid.Amount, b.Overdue)));

    private static List<InterestBill> Read(string text) =>
        (JsonSerializer.Deserialize<List<Stored>>(text) ?? [])
        .Select(s => new InterestBill(ParseDate(s.BilledOn), ParseDate(s.DueDate), new Money(s.Unpaid), s.Overdue))
        .ToList();

    private static LocalDate ParseDate(string text) =>
        NodaTime.Text.LocalDatePattern.Iso.Parse(text).Value;
}

/// <summary>A line's billed, not yet earned subsidies as one JSON text column.</summary>
internal static class PendingSubsidiesColumn
{
    private sealed record Stored(Guid PeriodId, string BilledOn, string DueDate, decimal Amount);

    public static readonly ValueConverter<List<PendingSubsidy>, string> Converter = new(
        items => Write(items), text => Read(text));

    public static readonly ValueComparer<List<PendingSubsidy>> Comparer = new(
        (a, b) => a!.SequenceEqual(b!),
        items => items.Aggregate(0, (h, p) => HashCode.Combine(h, p.GetHashCode())),
        items => items.ToList());

    private static string Write(List<PendingSubsidy> items) => JsonSerializer.Serialize(items.Select(p =>
        new Stored(p.PeriodId, p.BilledOn.ToString("yyyy-MM-dd", null), p.DueDate.ToString("yyyy-MM-dd", null), p.Amount.Amount)));

    private static List<PendingSubsidy> Read(string text) =>
        (JsonSerializer.Deserialize<List<Stored>>(text) ?? [])
        .Select(s => new PendingSubsidy(s.PeriodId, Parse(s.BilledOn), Parse(s.DueDate), new Money(s.Amount)))
        .ToList();

    private static LocalDate Parse(string text) => NodaTime.Text.LocalDatePattern.Iso.Parse(text).Value;
}
