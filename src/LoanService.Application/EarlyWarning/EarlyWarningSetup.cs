using LoanService.Domain.EarlyWarning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoanService.Application.EarlyWarning;

public static class EarlyWarningSetup
{
    /// <summary>
    /// Section <c>LoanService:EarlyWarning</c>: the product's thresholds (<c>PastDueDays</c>,
    /// <c>SeriousPastDueDays</c>, <c>CriticalPastDueDays</c>, <c>MaturityWindowDays</c>, <c>LateBills</c>,
    /// <c>LateBillsOutOf</c>), and under <c>Programs:{programmeId}</c> a programme's own.
    /// </summary>
    public const string Section = "LoanService:EarlyWarning";

    public static IServiceCollection AddEarlyWarning(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => Read(sp.GetService<IConfiguration>()));
        services.TryAddSingleton<EarlyWarningClose>();
        services.TryAddScoped<WarningCases>();
        services.TryAddScoped<LineWarnings>();
        return services;
    }

    public static EarlyWarningSettings Read(IConfiguration? config)
    {
        var section = config?.GetSection(Section);
        if (section is null || !section.Exists()) return new EarlyWarningSettings();
        var defaults = Thresholds(section, WarningThresholds.Default);
        var programs = section.GetSection("Programs").GetChildren()
            .ToDictionary(p => Guid.Parse(p.Key), p => Thresholds(p, defaults));
        return new EarlyWarningSettings { Defaults = defaults, Programs = programs }.Validate();
    }

    private static WarningThresholds Thresholds(IConfigurationSection s, WarningThresholds basis) => new()
    {
        PastDueDays = s.GetValue(nameof(WarningThresholds.PastDueDays), basis.PastDueDays),
        SeriousPastDueDays = s.GetValue(nameof(WarningThresholds.SeriousPastDueDays), basis.SeriousPastDueDays),
        CriticalPastDueDays = s.GetValue(nameof(WarningThresholds.CriticalPastDueDays), basis.CriticalPastDueDays),
        MaturityWindowDays = s.GetValue(nameof(WarningThresholds.MaturityWindowDays), basis.MaturityWindowDays),
        LateBills = s.GetValue(nameof(WarningThresholds.LateBills), basis.LateBills),
        LateBillsOutOf = s.GetValue(nameof(WarningThresholds.LateBillsOutOf), basis.LateBillsOutOf),
    };
}
