using NodaTime;

namespace LoanService.Domain.CreditLines;

/// <summary>五级分类, ordered from best to worst so that a larger value is worse.</summary>
public enum Classification
{
    /// <summary>正常</summary>
    Normal = 0,
    /// <summary>关注</summary>
    SpecialMention = 1,
    /// <summary>次级</summary>
    Substandard = 2,
    /// <summary>可疑</summary>
    Doubtful = 3,
    /// <summary>损失</summary>
    Loss = 4,
}

public static class ClassificationRules
{
    /// <summary>《商业银行金融资产风险分类办法》(2023): 0 → 正常, 1–90 → 关注, 91–270 → 次级, 271–360 → 可疑, &gt;360 → 损失.</summary>
    /// <summary>The days past due at which each class after 正常 begins: 关注 at 1, 次级 at 91, 可疑 at 271, 损失 at 361.</summary>
    public static readonly IReadOnlyList<int> BandStarts = [1, 91, 271, 361];

    public static Classification ForDaysPastDue(int daysPastDue) => daysPastDue switch
    {
        < 1 => Classification.Normal,
        < 91 => Classification.SpecialMention,
        < 271 => Classification.Substandard,
        < 361 => Classification.Doubtful,
        _ => Classification.Loss,
    };

    public static Classification Worse(Classification a, Classification b) => a >= b ? a : b;

    public static string ChineseName(this Classification c) => c switch
    {
        Classification.Normal => "正常",
        Classification.SpecialMention => "关注",
        Classification.Substandard => "次级",
        Classification.Doubtful => "可疑",
        _ => "损失",
    };
}

/// <summary>
/// A change of a line's class: from <see cref="EffectiveDate"/> on, the line is <see cref="To"/>, where it was
/// <see cref="From"/>. The close of the day before decided it (a class holds for the business date after
/// the close that decided it). A line's first class, 正常 from its start date, is no change.
/// </summary>
public sealed record ClassificationChange(Guid LineId, LocalDate EffectiveDate, Classification From, Classification To);

/// <summary>A line's class on a past date, from its changes (docs/domain.md, "Classification history").</summary>
public static class ClassificationHistory
{
    /// <summary>
    /// The class on <paramref name="date"/> of a line whose changes, oldest first, are <paramref name="changes"/>
    /// and whose class now is <paramref name="current"/>: the <c>To</c> of the last change in effect by then;
    /// before the first change, its <c>From</c>; with no change at all, <paramref name="current"/> (a line
    /// opened before history was kept had its class at the upgrade since it was opened, as far as we know).
    /// </summary>
    public static Classification On(IReadOnlyList<ClassificationChange> changes, Classification current, LocalDate date)
    {
        if (changes.Count == 0) return current;
        var on = changes[0].From;
        foreach (var change in changes)
        {
            if (change.EffectiveDate > date) break;
            on = change.To;
        }
        return on;
    }
}
