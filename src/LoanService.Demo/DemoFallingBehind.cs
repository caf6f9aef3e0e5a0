namespace LoanService.Demo;

/// <summary>
/// Borrowers who fall behind and stay behind, so that the department's early-warning section shows
/// real cases: of those late in the year's last settlement, the first two do not catch up before the
/// demo's year ends (overdue from 21 December, 15 days past due on its last business date). The rest
/// pay five days late, as in every other month.
/// </summary>
public static class DemoFallingBehind
{
    public const int StayBehind = 2;

    /// <summary>The late borrowers of <paramref name="cycle"/> who pay their arrears.</summary>
    public static List<(string Key, Guid LineId)> StillPaying(List<(string Key, Guid LineId)> late, int cycle, int cycles) =>
        cycle < cycles ? late : late.Skip(StayBehind).ToList();
}
