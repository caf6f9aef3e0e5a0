using NodaTime;

namespace LoanService.Infrastructure.Persistence;

/// <summary>The service's single business date (营业日).</summary>
public sealed class BusinessCalendar
{
    public const int SingletonId = 1;
    public int Id { get; set; } = SingletonId;
    public LocalDate BusinessDate { get; set; }
}
