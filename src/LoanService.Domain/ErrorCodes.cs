namespace LoanService.Domain;

/// <summary>The stable refusal codes of the domain. Partners build on these; never rename one.</summary>
public static class ErrorCodes
{
    public const string AmountNotPositive = "amount.not_positive";
    public const string AmountTooManyDecimals = "amount.too_many_decimals";
    public const string AmountTooLarge = "amount.too_large";

    public const string LimitOutOfRange = "line.limit_out_of_range";
    public const string RateOutOfRange = "line.rate_out_of_range";
    public const string TermOutOfRange = "line.term_out_of_range";
    public const string LineNotActive = "line.not_active";
    public const string LineNotFrozen = "line.not_frozen";

    public const string DrawExceedsAvailable = "draw.exceeds_available";
    public const string DrawLineFrozen = "draw.line_frozen";
    public const string DrawLineNotActive = "draw.line_not_active";
    public const string DrawPastMaturity = "draw.past_maturity";
    public const string DrawLineOverdue = "draw.line_overdue";

    public const string RepaymentExceedsPayoff = "repayment.exceeds_payoff";
    public const string RepaymentLineClosed = "repayment.line_closed";

    public const string ExtensionNotAllowed = "extension.not_allowed";
    public const string ExtensionAfterMaturity = "extension.after_maturity";
    public const string ExtensionLineOverdue = "extension.line_overdue";
    public const string ExtensionNotLater = "extension.not_later";
    public const string ExtensionExceedsLimit = "extension.exceeds_limit";

    public const string RenewalNotAllowed = "renewal.not_allowed";
    public const string RenewalOutsideWindow = "renewal.outside_window";
    public const string RenewalLineOverdue = "renewal.line_overdue";
    public const string RenewalInterestUnpaid = "renewal.interest_unpaid";
    public const string RenewalLimitBelowPrincipal = "renewal.limit_below_principal";

    public const string BusinessDateMismatch = "line.business_date_mismatch";
    public const string CloseAlreadyClosed = "close.already_closed";
    public const string CloseOutOfOrder = "close.out_of_order";
    public const string CloseThroughBeforeBusinessDate = "close.through_before_business_date";

    public const string SettingsInvalid = "settings.invalid";

    public const string SmsSignatureInvalid = "sms.signature_invalid";
    public const string SmsTextInvalid = "sms.text_invalid";
    // A dispatcher's step on a notice that is no longer Pending, or not yet due: a guard, never an answer.
    public const string SmsNoticeNotPending = "sms_notice.not_pending";
    public const string SmsNoticeNotDue = "sms_notice.not_due";

    public const string ResidentIdInvalid = "borrower.resident_id_invalid";
    public const string MobileInvalid = "borrower.mobile_invalid";
    public const string NameInvalid = "borrower.name_invalid";
    public const string PartyBranchInvalid = "borrower.party_branch_invalid";
    public const string RegionCodeInvalid = "region_code.invalid";

    public const string SubsidyProgramInvalid = "subsidy_program.invalid";
    public const string SubsidyRateRuleInvalid = "subsidy_program.rate_rule_invalid";
    public const string SubsidyDatesInvalid = "subsidy_program.dates_invalid";
    public const string SubsidyBudgetInvalid = "subsidy_program.budget_invalid";
    public const string SubsidyRegionOutsideDepartment = "subsidy_program.region_outside_department";
    public const string SubsidyCooperativeNotInProgram = "subsidy.cooperative_not_in_program";
    public const string SubsidyBorrowerNotInDifficulty = "subsidy.borrower_not_in_difficulty";
    public const string SubsidyBorrowerOutsideRegion = "subsidy.borrower_outside_region";
    public const string SubsidyOutsideProgramDates = "subsidy.outside_program_dates";
    public const string SubsidyProgramExhausted = "subsidy.program_exhausted";
    public const string SubsidyAlreadyEnrolled = "subsidy.already_enrolled";

    public const string ClaimPeriodInvalid = "claim.period_invalid";
    public const string ClaimNothingToClaim = "claim.nothing_to_claim";
    public const string ClaimNotSubmitted = "claim.not_submitted";
    public const string ClaimNotApproved = "claim.not_approved";

    // Input the service refuses before any handler sees it (docs/reliability.md lists why).
    public const string RequestInvalid = "request.invalid";
    public const string RequestMalformed = "request.malformed";
    public const string RequestDuplicateProperty = "request.duplicate_property";
    public const string RequestInvalidUtf8 = "request.invalid_utf8";
    public const string RequestHeadersTooLarge = "request.headers_too_large";
    public const string DateOutOfRange = "date.out_of_range";
    public const string NumberNotExact = "number.not_exact";
    public const string IdempotencyKeyRepeated = "idempotency.key_repeated";

    public const string SubsidyParticipationPending = "subsidy.participation_pending";
    public const string SubsidyParticipationNotInvited = "subsidy.participation_not_invited";

    public const string CaseNotFound = "case.not_found";
    public const string CaseResolved = "case.resolved";
    public const string CaseAlreadyResolved = "case.already_resolved";
    public const string CaseNoHelper = "case.no_helper";
    public const string CaseHelperInvalid = "case.helper_invalid";
    public const string CaseHelpInvalid = "case.help_invalid";
    public const string CaseReasonInvalid = "case.reason_invalid";
}
