using LoanService.Domain.CreditLines;
using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>
/// A line's change of class as stored (the domain's <see cref="ClassificationChange"/>), with the line's
/// cooperative. Never changed: with the line's class now, the rows give its class on any past date
/// (<see cref="ClassificationHistory.On"/>).
/// </summary>
public sealed class ClassificationChangeRow
{
    public Guid Id { get; set; }
    public Guid LineId { get; set; }
    public Guid CooperativeId { get; set; }

    /// <summary>The business date the new class holds from: the day after the close that decided it.</summary>
    public LocalDate EffectiveDate { get; set; }

    public Classification From { get; set; }
    public Classification To { get; set; }
    public Instant RecordedAt { get; set; }

    public static ClassificationChangeRow Of(ClassificationChange c, Guid cooperativeId, Instant recordedAt) => new()
    {
        Id = Guid.CreateVersion7(), LineId = c.LineId, CooperativeId = cooperativeId, EffectiveDate = c.EffectiveDate,
        From = c.From, To = c.To, RecordedAt = recordedAt,
    };

    public ClassificationChange ToChange() => new(LineId, EffectiveDate, From, To);
}
