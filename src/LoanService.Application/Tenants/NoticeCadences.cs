using System.Text.Json;
using LoanService.Domain.CreditLines;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LoanService.Application.Tenants;

/// <summary>A cooperative's SMS cadence: when reminders and overdue notices go to its borrowers.</summary>
public sealed class NoticeCadences(LoanServiceDbContext db, BusinessCalendarStore calendar)
{
    public const int MaxMaturityReminders = 5;
    public const int MaxOverdueNotices = 10;

    public async Task<NoticeCadence> GetAsync(Guid cooperativeId) => (await LoadAsync(cooperativeId)).Cadence;

    /// <summary>
    /// Replaces the cadence; an omitted part takes the product's default. Days are kept once each, maturity
    /// reminders latest first and overdue notices earliest first.
    /// </summary>
    public async Task<NoticeCadence> SetAsync(Guid cooperativeId, int? interestReminderDaysBefore,
        IReadOnlyCollection<int>? maturityReminderDaysBefore, IReadOnlyCollection<int>? overdueNoticeDaysPastDue)
    {
        var cooperative = await LoadAsync(cooperativeId);
        var defaults = NoticeCadence.Default;
        var cadence = new NoticeCadence
        {
            InterestReminderDaysBefore = interestReminderDaysBefore ?? defaults.InterestReminderDaysBefore,
            MaturityReminderDaysBefore = maturityReminderDaysBefore?.Distinct().OrderDescending().ToArray() ?? defaults.MaturityReminderDaysBefore,
            OverdueNoticeDaysPastDue = overdueNoticeDaysPastDue?.Distinct().Order().ToArray() ?? defaults.OverdueNoticeDaysPastDue,
        }.Validate();
        if (cadence.MaturityReminderDaysBefore.Count > MaxMaturityReminders || cadence.OverdueNoticeDaysPastDue.Count > MaxOverdueNotices)
            throw RequestValidationException.For("cadence",
                $"At most {MaxMaturityReminders} maturity reminders and {MaxOverdueNotices} overdue notices.");
        cooperative.NoticeCadence = JsonSerializer.Serialize(cadence);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.SaveChangesAsync();
        // Each line's next event was found with the old cadence's notice days: the next close looks at
        // every open line of the cooperative again (its version moves, so a close chunk writing it now retries).
        var today = await calendar.CurrentAsync();
        await db.CreditLines.Where(l => l.CooperativeId == cooperativeId).Where(CreditLine.IsOpenQuery)
            .Where(l => l.NextEventDate > today)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.NextEventDate, today)
                .SetProperty(l => EF.Property<int>(l, LoanServiceDbContext.LineVersion),
                    l => EF.Property<int>(l, LoanServiceDbContext.LineVersion) + 1));
        await transaction.CommitAsync();
        return cadence;
    }

    private async Task<Cooperative> LoadAsync(Guid id) =>
        await db.Cooperatives.SingleOrDefaultAsync(c => c.Id == id)
        ?? throw new NotFoundException("cooperative.not_found", "The cooperative of this key was not found.");
}
