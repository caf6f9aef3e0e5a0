using LoanService.Domain.CreditLines;
using LoanService.Domain.Notices;
using NodaTime;

namespace LoanService.Domain.Tests.CreditLines;

/// <summary>
/// The event-driven close finds the settlement dates once a close for all the lines it touches; lines of two
/// cooperatives with cadences of their own, closed one after the other on the same dates, must each get the
/// interest reminder their own cadence sets.
/// </summary>
public class ReminderCadenceTests
{
    [Fact]
    public void TwoCadences_ClosedInTurn_EachLineIsRemindedOnItsOwnDay()
    {
        // Settlement on the 20th, due on the 21st: reminded 3 days before (the 18th) and 5 days before (the 16th).
        var settings = ProductSettings.Default;
        var start = new LocalDate(2026, 3, 2);
        var cadences = new[] { NoticeCadence.Default with { InterestReminderDaysBefore = 3 }, NoticeCadence.Default with { InterestReminderDaysBefore = 5 } };
        var lines = cadences.Select(_ => Lines.Open(start)).ToArray();
        foreach (var line in lines) line.Draw(60_000m);
        var reminded = new List<LocalDate>[] { [], [] };

        for (var d = start; d <= new LocalDate(2026, 3, 20); d = d.PlusDays(1))
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].NextEventDate is not { } next || d < next) continue;
                reminded[i].AddRange(lines[i].CloseEventDay(d, settings, cadences[i], null, [])
                    .Where(n => n.Kind == NoticeKind.InterestDueReminder).Select(n => n.BusinessDate));
            }

        Assert.Equal([new LocalDate(2026, 3, 18)], reminded[0]);
        Assert.Equal([new LocalDate(2026, 3, 16)], reminded[1]);
    }
}
