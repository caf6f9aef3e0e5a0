using System.Text.Json;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LoanService.Application.Tenants;

/// <summary>A cooperative's SMS cadence: when reminders and overdue notices go to its borrowers.</summary>
public sealed class NoticeCadences(LoanServiceDbContext db)
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
        await db.SaveChangesAsync();
        return cadence;
    }

    private async Task<Cooperative> LoadAsync(Guid id) =>
        await db.Cooperatives.SingleOrDefaultAsync(c => c.Id == id)
        ?? throw new NotFoundException("cooperative.not_found", "The cooperative of this key was not found.");
}
