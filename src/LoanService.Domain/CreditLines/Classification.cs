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
