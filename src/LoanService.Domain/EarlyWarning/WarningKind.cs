namespace LoanService.Domain.EarlyWarning;

/// <summary>What a warning (预警) is about. Each is a pure function of a line's state on a business date (<see cref="Signals"/>).</summary>
public enum WarningKind
{
    /// <summary>逾期: the first day past due (days past due reached the first threshold, 1 by default).</summary>
    PastDue,
    /// <summary>逾期30天: days past due reached the second threshold (30).</summary>
    PastDue30,
    /// <summary>逾期90天: days past due reached the third threshold (90).</summary>
    PastDue90,
    /// <summary>贴息取消: a subsidy period was forfeited because the borrower's part went overdue.</summary>
    SubsidyForfeited,
    /// <summary>临近到期: maturity within the window with principal outstanding, neither renewed nor extended.</summary>
    MaturityNear,
    /// <summary>分类下调: classification worse than 正常.</summary>
    Classified,
    /// <summary>多次迟付: enough of the last bills were paid late (2 of 3 by default).</summary>
    LateBills,
    /// <summary>额度冻结: the cooperative froze the line.</summary>
    Frozen,
}

/// <summary>How urgent a warning is, from least to most: a larger value is worse.</summary>
public enum WarningSeverity
{
    /// <summary>提示</summary>
    Low = 0,
    /// <summary>关注</summary>
    Medium = 1,
    /// <summary>严重</summary>
    High = 2,
    /// <summary>紧急</summary>
    Critical = 3,
}

public static class WarningTexts
{
    public static string Chinese(this WarningKind kind) => kind switch
    {
        WarningKind.PastDue => "逾期",
        WarningKind.PastDue30 => "逾期满30天",
        WarningKind.PastDue90 => "逾期满90天",
        WarningKind.SubsidyForfeited => "贴息取消",
        WarningKind.MaturityNear => "临近到期未续贷",
        WarningKind.Classified => "分类下调",
        WarningKind.LateBills => "多次迟付",
        WarningKind.Frozen => "额度冻结",
        _ => kind.ToString(),
    };

    public static string Chinese(this WarningSeverity severity) => severity switch
    {
        WarningSeverity.Low => "提示",
        WarningSeverity.Medium => "关注",
        WarningSeverity.High => "严重",
        WarningSeverity.Critical => "紧急",
        _ => severity.ToString(),
    };
}
