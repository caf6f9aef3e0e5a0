using System.Globalization;
using LoanService.Domain.Borrowers;
using NodaTime;

namespace LoanService.Domain.Subsidies;

/// <summary>How a programme's subsidy rate follows from a line's rate (docs/rules.md §6).</summary>
public enum SubsidyRateRuleKind
{
    /// <summary>A fixed subsidy rate per year, capped at the line's rate (e.g. 3.00%).</summary>
    FixedRate,
    /// <summary>A share of the interest (e.g. 0.5 = 50%).</summary>
    ShareOfInterest,
    /// <summary>The borrower pays at most this rate a year; the programme pays the rest.</summary>
    BorrowerRateCeiling,
}

/// <summary>
/// 直接贴息 (<see cref="LenderClaims"/>): the borrower is billed the net interest and the cooperative
/// claims the subsidy; 先缴后补 (<see cref="BorrowerRefund"/>): the borrower pays it all and is refunded.
/// </summary>
public enum SubsidyMode
{
    LenderClaims,
    BorrowerRefund,
}

public sealed record SubsidyRateRule(SubsidyRateRuleKind Kind, decimal Value)
{
    /// <summary>The annual subsidy rate for a line at <paramref name="lineRate"/>: never more than the line's rate.</summary>
    public decimal AnnualRateFor(AnnualRate lineRate) => Kind switch
    {
        SubsidyRateRuleKind.FixedRate => Math.Min(Value, lineRate.Value),
        SubsidyRateRuleKind.ShareOfInterest => lineRate.Value * Value,
        SubsidyRateRuleKind.BorrowerRateCeiling => Math.Max(0m, lineRate.Value - Value),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };

    public SubsidyRateRule Validate()
    {
        var ok = Kind switch
        {
            SubsidyRateRuleKind.FixedRate => Value is > 0m and <= AnnualRate.Maximum && decimal.Round(Value, 6) == Value,
            SubsidyRateRuleKind.ShareOfInterest => Value is > 0m and <= 1m && decimal.Round(Value, 4) == Value,
            SubsidyRateRuleKind.BorrowerRateCeiling => Value is >= 0m and < AnnualRate.Maximum && decimal.Round(Value, 6) == Value,
            _ => false,
        };
        if (!ok)
            throw new DomainException(ErrorCodes.SubsidyRateRuleInvalid, Kind switch
            {
                SubsidyRateRuleKind.FixedRate => "A fixed subsidy rate must be above 0 and at most 0.24, with at most 6 decimals.",
                SubsidyRateRuleKind.ShareOfInterest => "A share of interest must be above 0 and at most 1, with at most 4 decimals.",
                _ => "A borrower rate ceiling must be at least 0 and below 0.24, with at most 6 decimals.",
            }, RefusalKind.Invalid) { Field = "rateRule.value" };
        return this;
    }
}

/// <summary>
/// A subsidy programme (贴息项目) of an organization department. It keeps the budget's account:
/// <see cref="Committed"/> is billed plus accrued subsidy of all its lines, never above
/// <see cref="Budget"/>; forfeited subsidy returns to it.
/// </summary>
public sealed class SubsidyProgram
{
    public const decimal DefaultPrincipalCap = 200_000m;

    private SubsidyProgram()
    {
    }

    public Guid Id { get; private set; }
    public Guid OrgDepartmentId { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>Who pays, as the department names itself (e.g. 福鼎市委组织部).</summary>
    public string Funder { get; private set; } = "";

    /// <summary>区划代码 of the programme: borrowers must live inside it.</summary>
    public string RegionCode { get; private set; } = "";

    /// <summary>The cooperatives the department invited to take part.</summary>
    public List<Guid> CooperativeIds { get; private set; } = [];

    /// <summary>
    /// Those of <see cref="CooperativeIds"/> that accepted (themselves, or the operator for them). Only
    /// these take part: enrol lines, and so accrue and claim subsidy. The others are pending.
    /// </summary>
    public List<Guid> AcceptedCooperativeIds { get; private set; } = [];
    public LocalDate StartDate { get; private set; }
    public LocalDate EndDate { get; private set; }
    public Money Budget { get; private set; }
    public Money PrincipalCap { get; private set; }
    public SubsidyRateRuleKind RateRuleKind { get; private set; }
    public decimal RateRuleValue { get; private set; }
    public SubsidyMode Mode { get; private set; }
    public bool ForfeitOnLatePayment { get; private set; }

    /// <summary>Whether extended (展期) lines keep their subsidy; by default (docs/rules.md §6) they do not.</summary>
    public bool CoversExtendedLines { get; private set; }

    /// <summary>Billed (not forfeited) plus accrued unbilled subsidy of every line: the budget used.</summary>
    public Money Committed { get; private set; }

    /// <summary>The business date whose close used the last of the budget; null while some is left.</summary>
    public LocalDate? ExhaustedOn { get; private set; }

    public Instant CreatedAt { get; private set; }

    public SubsidyRateRule RateRule => new(RateRuleKind, RateRuleValue);

    public Money Remaining => Accrual.Subtract(Budget, Committed);

    /// <summary>
    /// The remaining budget to show beside a <paramref name="used"/> figure shown rounded to 分: the
    /// budget less that rounded figure, so that the two, as shown, add up to the budget (used 2.505 shows
    /// as 2.51 beside 2,999,997.49 of 3,000,000.00, not beside the 2,999,997.495 rounded to …97.50).
    /// </summary>
    public Money RemainingShownBeside(Money used) => Budget - used.RoundToFen();

    /// <summary>Less than one 分 is left: nothing more can be billed from it, so subsidy has stopped.</summary>
    public bool IsExhausted => Remaining.Amount < 0.01m;

    public static SubsidyProgram Create(Guid id, Guid orgDepartmentId, string departmentRegion, string? name,
        string? funder, string? regionCode, IReadOnlyCollection<Guid> cooperativeIds, LocalDate startDate,
        LocalDate endDate, decimal budget, decimal? principalCap, SubsidyRateRule rateRule, SubsidyMode mode,
        bool forfeitOnLatePayment, bool coversExtendedLines, Instant createdAt)
    {
        var region = Regions.ParseCode(regionCode, "regionCode");
        if (!Regions.Contains(departmentRegion, region))
            throw new DomainException(ErrorCodes.SubsidyRegionOutsideDepartment,
                $"Region {region} is outside the department's region {departmentRegion}.") { Field = "regionCode" };
        if (endDate < startDate)
            throw new DomainException(ErrorCodes.SubsidyDatesInvalid, "endDate must not be before startDate.",
                RefusalKind.Invalid) { Field = "endDate" };
        if (budget <= 0m || !Money.IsInWholeFen(budget) || budget > 1_000_000_000_000m)
            throw new DomainException(ErrorCodes.SubsidyBudgetInvalid,
                "The budget must be a positive amount in whole 分.", RefusalKind.Invalid) { Field = "budget" };
        var cap = principalCap ?? DefaultPrincipalCap;
        if (cap <= 0m || decimal.Round(cap, 2) != cap || cap > 1_000_000_000m)
            throw new DomainException(ErrorCodes.SubsidyProgramInvalid,
                "The principal cap must be a positive amount in whole 分.", RefusalKind.Invalid) { Field = "principalCap" };
        if (cooperativeIds.Count == 0)
            throw new DomainException(ErrorCodes.SubsidyProgramInvalid,
                "At least one cooperative must take part.", RefusalKind.Invalid) { Field = "cooperativeIds" };
        return new SubsidyProgram
        {
            Id = id,
            OrgDepartmentId = orgDepartmentId,
            Name = RequireText(name, "name", 100),
            Funder = RequireText(funder, "funder", 100),
            RegionCode = region,
            CooperativeIds = cooperativeIds.Distinct().ToList(),
            StartDate = startDate,
            EndDate = endDate,
            Budget = new Money(budget),
            PrincipalCap = new Money(cap),
            RateRuleKind = rateRule.Validate().Kind,
            RateRuleValue = rateRule.Value,
            Mode = mode,
            ForfeitOnLatePayment = forfeitOnLatePayment,
            CoversExtendedLines = coversExtendedLines,
            CreatedAt = createdAt,
        };
    }

    public bool HasAccepted(Guid cooperativeId) => AcceptedCooperativeIds.Contains(cooperativeId);

    /// <summary>Whether the cooperative was invited (accepted or not): it may then see the programme.</summary>
    public bool Invites(Guid cooperativeId) => CooperativeIds.Contains(cooperativeId);

    /// <summary>
    /// The cooperative agrees to take part. Accepting again changes nothing; a cooperative the
    /// department did not invite cannot accept.
    /// </summary>
    public void Accept(Guid cooperativeId)
    {
        if (!Invites(cooperativeId))
            throw new DomainException(ErrorCodes.SubsidyParticipationNotInvited,
                $"Cooperative {cooperativeId} was not invited to this subsidy programme.") { Field = "cooperativeId" };
        if (!HasAccepted(cooperativeId)) AcceptedCooperativeIds = [.. AcceptedCooperativeIds, cooperativeId];
    }

    /// <summary>
    /// Whether a new line on <paramref name="businessDate"/> may join: the cooperative was invited and accepted,
    /// the borrower is a party member in difficulty living inside the region, the date is inside the
    /// programme's dates and budget is left. Throws the first reason it may not.
    /// </summary>
    public void CheckEnrolment(Guid cooperativeId, bool borrowerInDifficulty, string borrowerRegion, LocalDate businessDate)
    {
        if (!Invites(cooperativeId))
            throw new DomainException(ErrorCodes.SubsidyCooperativeNotInProgram,
                "Your cooperative does not take part in this subsidy programme.") { Field = "subsidyProgramId" };
        if (!HasAccepted(cooperativeId))
            throw new DomainException(ErrorCodes.SubsidyParticipationPending,
                "Your cooperative has not accepted this subsidy programme yet: POST /api/v1/subsidy-programs/{id}/accept first.")
                { Field = "subsidyProgramId" };
        if (!borrowerInDifficulty)
            throw new DomainException(ErrorCodes.SubsidyBorrowerNotInDifficulty,
                "Only party members in difficulty (困难党员) can be subsidized.") { Field = "borrowerId" };
        if (!Regions.Contains(RegionCode, borrowerRegion))
            throw new DomainException(ErrorCodes.SubsidyBorrowerOutsideRegion,
                $"The borrower's region {borrowerRegion} is outside the programme's region {RegionCode}.") { Field = "borrowerId" };
        if (businessDate < StartDate || businessDate > EndDate)
            throw new DomainException(ErrorCodes.SubsidyOutsideProgramDates,
                $"The programme runs from {StartDate:yyyy-MM-dd} to {EndDate:yyyy-MM-dd}.") { Field = "subsidyProgramId" };
        if (IsExhausted)
            throw new DomainException(ErrorCodes.SubsidyProgramExhausted,
                $"The programme's budget of {Budget.ToYuanString()} is used up.") { Field = "subsidyProgramId" };
    }

    /// <summary>
    /// Takes up to <paramref name="wanted"/> (a day's accrued subsidy) from the budget on
    /// <paramref name="date"/> and returns what was granted: all of it while enough is left, what is
    /// left when less is, nothing once less than a 分 is left. The programme records the date it ran out.
    /// </summary>
    public Money Grant(Money wanted, LocalDate date)
    {
        var granted = IsExhausted || !wanted.IsPositive ? Money.Zero : Money.Min(wanted, Remaining);
        Commit(granted, date);
        return granted;
    }

    /// <summary>
    /// Whether the close of a date touches every open line of the programme, in line-id order, so that a budget
    /// that runs out (or comes back with a forfeit) that day goes to the lines in that order (docs/subsidies.md).
    /// It does when some line could earn subsidy that day (<paramref name="linesThatMayEarn"/>, counted with
    /// <see cref="CreditLines.CreditLine.MayEarnSubsidyOn"/>) and the budget has no room for the most its lines
    /// can take that day, <paramref name="bound"/> (the sum of <see cref="CreditLines.CreditLine.SubsidyDayBound"/>),
    /// with a 分 to spare; an exhausted programme never has room. Otherwise no line can find the budget short or
    /// used up that day, whatever order the lines close in: the close touches only those with an event, and takes
    /// the quiet ones' day in one step (<see cref="TryGrantQuietDay"/>).
    /// </summary>
    public bool ClosesEveryLineOn(Money bound, int linesThatMayEarn) =>
        linesThatMayEarn > 0 && Accrual.Subtract(Remaining, bound).Amount < 0.01m;

    /// <summary>
    /// Takes <paramref name="amount"/>, the day's subsidy of the lines the close of <paramref name="date"/> did not
    /// touch (the sum of <see cref="CreditLines.CreditLine.QuietSubsidyOn"/>), from the budget: each line's in full,
    /// as the close touched every line had there not been room for them all (<see cref="ClosesEveryLineOn"/>). False, and
    /// nothing taken, when that room is no longer there (lines joined the programme after the close's plan): then the
    /// close touches the quiet lines too, in line-id order.
    /// </summary>
    public bool TryGrantQuietDay(Money amount, LocalDate date)
    {
        if (amount.IsZero) return true; // nothing to take (an exhausted programme's ended dates, say)
        if (Accrual.Subtract(Remaining, amount).Amount < 0.01m) return false;
        Commit(amount, date);
        return true;
    }

    /// <summary>
    /// What a period's <paramref name="accrued"/> subsidy is billed at, were it billed now: rounded to 分
    /// half up (四舍五入), but down when the round-up would pass the budget. Payoff quotes ask this too,
    /// so a quote is what the payoff bills.
    /// </summary>
    public Money BilledAmountFor(Money accrued)
    {
        var billed = accrued.RoundToFen();
        return billed > accrued && Accrual.Subtract(billed, accrued) > Remaining
            ? new Money(decimal.Floor(accrued.Amount * 100m) / 100m)
            : billed;
    }

    /// <summary>
    /// Bills a period's <paramref name="accrued"/> subsidy on <paramref name="date"/> at
    /// <see cref="BilledAmountFor"/>, and counts the rounding against the budget: a round-up uses it,
    /// a round-down gives back. The budget used is then exactly what was billed plus what still accrues.
    /// </summary>
    public Money Bill(Money accrued, LocalDate date)
    {
        var billed = BilledAmountFor(accrued);
        Commit(Accrual.Subtract(billed, accrued), date);
        return billed;
    }

    /// <summary>Returns forfeited subsidy to the budget.</summary>
    public void Release(Money amount) => Commit(-amount, null);

    private void Commit(Money amount, LocalDate? date)
    {
        if (amount.IsZero) return;
        Committed = Accrual.Add(Committed, amount);
        if (!IsExhausted) ExhaustedOn = null;
        else if (date is { } d) ExhaustedOn ??= d;
    }

    private static string RequireText(string? text, string field, int maxLength)
    {
        var value = PersonalData.Scrub((text ?? "").Trim());
        if (value.Length == 0 || value.Length > maxLength || !FreeText.IsClean(value))
            throw new DomainException(ErrorCodes.SubsidyProgramInvalid,
                $"{field} must be 1–{maxLength.ToString(CultureInfo.InvariantCulture)} characters without control characters.",
                RefusalKind.Invalid) { Field = field };
        return value;
    }
}

/// <summary>Where a line's daily subsidy comes from: the programmes of the lines being closed or posted to.</summary>
public interface ISubsidyBudget
{
    /// <summary>The programme, loaded (and on a shared database, locked) for this unit of work.</summary>
    SubsidyProgram Program(Guid programId);

    /// <summary>The programme if it was loaded, for figures that only read it (a quote); null otherwise.</summary>
    SubsidyProgram? Find(Guid programId);
}

/// <summary>A budget over programmes already in memory.</summary>
public sealed class SubsidyBudget(IEnumerable<SubsidyProgram> programs) : ISubsidyBudget
{
    private readonly Dictionary<Guid, SubsidyProgram> _programs = programs.ToDictionary(p => p.Id);

    public static readonly SubsidyBudget None = new([]);

    public SubsidyProgram Program(Guid programId) =>
        _programs.TryGetValue(programId, out var program)
            ? program
            : throw new InvalidOperationException($"Subsidy programme {programId} was not loaded for this unit of work.");

    public SubsidyProgram? Find(Guid programId) => _programs.GetValueOrDefault(programId);
}
