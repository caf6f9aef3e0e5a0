using System.Globalization;
using LoanService.Api.Subsidies;

namespace LoanService.Api.Web;

/// <summary>
/// The monthly subsidy as an inline SVG drawn on the server: one stacked bar per calendar month, a
/// segment per township (the largest township at the bottom), a y axis in yuan and a legend. No
/// script and nothing fetched: it renders the same offline, in a screenshot and on a phone.
/// </summary>
public static class SubsidyChart
{
    // Colour-blind-safe where it matters most (the first few), distinct enough after.
    private static readonly string[] Palette =
    [
        "#1f6feb", "#e8590c", "#2f9e44", "#ae3ec9", "#f08c00", "#0c8599", "#c2255c", "#5c940d",
        "#6741d9", "#868e96", "#d6336c", "#364fc7",
    ];

    private const int Height = 260, Top = 16, Bottom = 40, Left = 64, Right = 12, Slot = 44, BarWidth = 28;

    public static HtmlString Render(IReadOnlyList<MonthlySubsidy> monthly, string id)
    {
        var html = new HtmlBuilder();
        if (monthly.Count == 0)
        {
            html.Add($"<p class=\"empty\">还没有应计贴息。</p>");
            return html.ToHtml();
        }

        var months = MonthsBetween(monthly.Min(m => m.Month)!, monthly.Max(m => m.Month)!);
        var townships = monthly.GroupBy(m => m.Township)
            .Select(g => (Township: g.Key, Total: g.Sum(m => m.Amount)))
            .OrderByDescending(t => t.Total).ThenBy(t => t.Township, StringComparer.Ordinal)
            .Select(t => t.Township).ToList();
        var colour = townships.Select((t, i) => (t, Palette[i % Palette.Length])).ToDictionary(p => p.t, p => p.Item2);
        var amounts = monthly.ToDictionary(m => (m.Month, m.Township), m => m.Amount);
        var largest = months.Max(month => monthly.Where(m => m.Month == month).Sum(m => Math.Max(0m, m.Amount)));
        var (step, top) = Scale(largest);

        var width = Left + months.Count * Slot + Right;
        var plot = Height - Top - Bottom;
        double Y(decimal amount) => Top + plot - (double)(amount / top) * plot;

        html.Add($"<div class=\"chart\" id=\"{id}\"><svg class=\"stacked\" viewBox=\"0 0 {width} {Height}\" role=\"img\" aria-labelledby=\"{id}-title\" xmlns=\"http://www.w3.org/2000/svg\">");
        html.Add($"<title id=\"{id}-title\">每月贴息（按乡镇），{Show.Month(months[0])}至{Show.Month(months[^1])}</title>");
        for (var tick = 0m; tick <= top; tick += step)
        {
            var y = Px(Y(tick));
            html.Add($"<line x1=\"{Left}\" x2=\"{width - Right}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#dde1e6\" stroke-width=\"1\"/>");
            html.Add($"<text x=\"{Left - 6}\" y=\"{y}\" dy=\"4\" text-anchor=\"end\" font-size=\"11\" fill=\"#57606a\">{AxisLabel(tick)}</text>");
        }
        for (var i = 0; i < months.Count; i++)
        {
            var month = months[i];
            var x = Left + i * Slot + (Slot - BarWidth) / 2;
            var stacked = 0m;
            html.Add($"<g data-month=\"{month}\">");
            foreach (var township in townships)
            {
                var amount = amounts.GetValueOrDefault((month, township));
                if (amount <= 0m) continue;
                var (y0, y1) = (Y(stacked), Y(stacked + amount));
                stacked += amount;
                html.Add($"<rect class=\"bar\" x=\"{x}\" y=\"{Px(y1)}\" width=\"{BarWidth}\" height=\"{Px(Math.Max(0.5, y0 - y1))}\" fill=\"{colour[township]}\" data-township=\"{township}\" data-amount=\"{amount.ToString("0.00", CultureInfo.InvariantCulture)}\"><title>{Show.Month(month)} {Townships.Name(township)}：{Show.Yuan(amount)}</title></rect>");
            }
            html.Add($"</g>");
            var label = i == 0 || month.EndsWith("-01", StringComparison.Ordinal) ? $"{month[2..4]}年{MonthNumber(month)}月" : $"{MonthNumber(month)}月";
            html.Add($"<text x=\"{Left + i * Slot + Slot / 2}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#57606a\">{label}</text>");
        }
        html.Add($"<line x1=\"{Left}\" x2=\"{width - Right}\" y1=\"{Top + plot}\" y2=\"{Top + plot}\" stroke=\"#8c959f\" stroke-width=\"1\"/>");
        html.Add($"</svg></div>");

        html.Add($"<ul class=\"legend\">");
        foreach (var township in townships)
            html.Add($"<li><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" rx=\"2\" fill=\"{colour[township]}\"/></svg>{Townships.Name(township)}</li>");
        html.Add($"</ul>");
        return html.ToHtml();
    }

    /// <summary>Every calendar month from <paramref name="first"/> to <paramref name="last"/> ("2026-01"), none skipped.</summary>
    private static List<string> MonthsBetween(string first, string last)
    {
        var months = new List<string>();
        var (year, month) = (int.Parse(first[..4], CultureInfo.InvariantCulture), int.Parse(first[5..], CultureInfo.InvariantCulture));
        for (var m = $"{year:D4}-{month:D2}"; string.CompareOrdinal(m, last) <= 0; m = $"{year:D4}-{month:D2}")
        {
            months.Add(m);
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1);
        }
        return months;
    }

    private static int MonthNumber(string month) => int.Parse(month[5..], CultureInfo.InvariantCulture);

    /// <summary>A round step (1, 2 or 5 × 10ⁿ yuan) giving about four gridlines, and the axis top it reaches.</summary>
    private static (decimal Step, decimal Top) Scale(decimal largest)
    {
        if (largest <= 0m) return (1m, 1m);
        var rough = largest / 4m;
        var magnitude = 1m;
        while (magnitude * 10m <= rough) magnitude *= 10m;
        while (magnitude > rough && magnitude > 0.01m) magnitude /= 10m;
        var step = new[] { 1m, 2m, 5m, 10m }.Select(f => f * magnitude).First(s => s >= rough);
        return (step, decimal.Ceiling(largest / step) * step);
    }

    private static string AxisLabel(decimal amount) =>
        "¥" + amount.ToString(amount == decimal.Truncate(amount) ? "#,##0" : "#,##0.##", CultureInfo.InvariantCulture);

    private static string Px(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
