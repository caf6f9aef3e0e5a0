using LoanService.Domain;

namespace LoanService.Api.Setup;

/// <summary>Which operations a code can come from without the endpoint naming it.</summary>
[Flags]
public enum ProblemScope
{
    /// <summary>Only endpoints that name the code with <c>.Refuses(...)</c>.</summary>
    Named = 0,
    /// <summary>Every operation (rate limit, database busy, unexpected error).</summary>
    Every = 1,
    /// <summary>Operations that need an API key.</summary>
    Authenticated = 2,
    /// <summary>Operations limited to some roles.</summary>
    RoleLimited = 4,
    /// <summary>Operations that read a JSON body.</summary>
    Body = 8,
    /// <summary>Operations with query or path parameters, or a body: a field can be invalid.</summary>
    Input = 16,
    /// <summary>Money-moving POSTs under <c>Idempotency-Key</c>.</summary>
    Posting = 32,
}

/// <summary>A stable problem code, the HTTP status it comes with, and what a partner can do about it.</summary>
public sealed record ProblemCode(string Code, int Status, string Meaning, ProblemScope Scope = ProblemScope.Named);

/// <summary>
/// Every problem <c>code</c> the API answers, with its status: the one registry the OpenAPI document
/// lists codes from. A code is answered only by the endpoints that name it (<c>.Refuses(...)</c> on
/// the route) or, for the scoped ones, by every endpoint of that scope. The tests check each problem
/// they receive against the document, so a code answered but not registered and named fails them.
/// </summary>
public static class ProblemCodes
{
    public static readonly IReadOnlyList<ProblemCode> All =
    [
        new("request.invalid", 400, "A field is missing or invalid; `errors` names each field.", ProblemScope.Input),
        new("request.malformed", 400, "The body is not JSON, or a value (in the body or the query) has the wrong type.", ProblemScope.Input),
        new("auth.missing_or_invalid_key", 401, "Send a valid key in `X-Api-Key`.", ProblemScope.Authenticated),
        new("auth.forbidden_role", 403, "This key's role may not use the endpoint.", ProblemScope.RoleLimited),
        // Refused before routing, whatever the method: a GET with a large body included.
        new("request.too_large", 413, "The body is over 64 KB.", ProblemScope.Every),
        new("request.unsupported_media_type", 415, "Send the body as `application/json`.", ProblemScope.Body),
        new("idempotency.key_reused", 422, "The `Idempotency-Key` came before with another body: use a new key.", ProblemScope.Posting),
        new("concurrency.conflict", 409, "Other requests changed the resource at the same time: retry.", ProblemScope.Posting),
        new(ErrorCodes.BusinessDateMismatch, 409, "Close of business is moving the date: retry in a moment.", ProblemScope.Posting),
        new("rate_limit.exceeded", 429, "Too many requests for this key: wait `Retry-After` seconds.", ProblemScope.Every),
        new("service.unavailable", 503, "The database is busy; nothing changed: retry after `Retry-After` seconds.", ProblemScope.Every),
        new("internal_error", 500, "An unexpected error, logged: quote `traceId` to support.", ProblemScope.Every),
        new(ErrorCodes.RequestDuplicateProperty, 400, "A property is named twice in one object (in any case): send it once.", ProblemScope.Body),
        new(ErrorCodes.RequestInvalidUtf8, 400, "The body is not UTF-8 throughout.", ProblemScope.Body),
        new(ErrorCodes.NumberNotExact, 400, "A number has more digits than can be kept exactly; nothing was rounded.", ProblemScope.Body),
        new(ErrorCodes.IdempotencyKeyRepeated, 400, "Send one `Idempotency-Key` header, not several.", ProblemScope.Posting),
        new(ErrorCodes.RequestHeadersTooLarge, 431, "The request's headers are over 32 KB.", ProblemScope.Every),
        new(ErrorCodes.DateOutOfRange, 400, "A date is outside 1900-01-01 to 2199-12-31."),

        new(ErrorCodes.AmountNotPositive, 400, "The amount must be above zero."),
        new(ErrorCodes.AmountTooManyDecimals, 400, "The amount has more than 2 decimals."),
        new(ErrorCodes.AmountTooLarge, 400, "The amount is larger than any line holds."),
        new(ErrorCodes.LimitOutOfRange, 400, "The limit must be 50,000.00–200,000.00."),
        new(ErrorCodes.RateOutOfRange, 400, "The annual rate must be above 0, at most 0.24, with at most 6 decimals."),
        new(ErrorCodes.TermOutOfRange, 400, "The term must be 1–60 months."),
        new(ErrorCodes.ResidentIdInvalid, 400, "The resident ID (身份证号) is not a valid 18-character ID."),
        new(ErrorCodes.MobileInvalid, 400, "The mobile is not a mainland number."),
        new(ErrorCodes.NameInvalid, 400, "The name must be 2–30 characters."),
        new(ErrorCodes.PartyBranchInvalid, 400, "The party branch must be at most 100 characters."),
        new(ErrorCodes.RegionCodeInvalid, 400, "The region code (区划代码) must be 6, 9 or 12 digits."),
        new(ErrorCodes.SettingsInvalid, 400, "The SMS cadence is out of range."),
        new(ErrorCodes.ClaimPeriodInvalid, 400, "The claim period is reversed or not yet closed."),
        new("subsidy.as_of_after_business_date", 400, "`asOf` is after the current business date."),
        new(ErrorCodes.ExtensionNotLater, 400, "The new maturity date is not after the current one."),
        new(ErrorCodes.SubsidyProgramInvalid, 400, "A programme field is missing or invalid."),
        new(ErrorCodes.SubsidyRateRuleInvalid, 400, "The rate rule's value is out of range for its kind."),
        new(ErrorCodes.SubsidyDatesInvalid, 400, "The programme's dates are reversed or already past."),
        new(ErrorCodes.SubsidyDatesInvalid, 422, "The programme would end before the current business date."),
        new(ErrorCodes.SubsidyBudgetInvalid, 400, "The budget or principal cap is out of range."),
        new(ErrorCodes.SubsidyRegionOutsideDepartment, 422, "The programme's region is outside the department's."),

        new(ErrorCodes.SmsSignatureInvalid, 401, "The receipt's `X-Sms-*` signature does not verify."),

        new("borrower.not_found", 404, "No such borrower for this cooperative."),
        new(ErrorCodes.CaseNotFound, 404, "No such case for this department (another department's included)."),
        new(ErrorCodes.CaseResolved, 422, "The case is resolved: it takes no helper and no help records."),
        new(ErrorCodes.CaseAlreadyResolved, 422, "The case was already resolved."),
        new(ErrorCodes.CaseNoHelper, 422, "Assign a helper (帮扶责任人) before recording help."),
        new(ErrorCodes.CaseHelperInvalid, 400, "The helper's name (1–30) or post (1–50 characters) is missing or invalid."),
        new(ErrorCodes.CaseHelpInvalid, 400, "The help record's date (case opening to today), action (1–200) or note (≤ 500) is invalid."),
        new(ErrorCodes.CaseReasonInvalid, 400, "The reason is required: 1–500 characters without control characters."),
        new("credit_line.not_found", 404, "No such credit line for this cooperative."),
        new("cooperative.not_found", 404, "The key's cooperative is gone."),
        new("org_department.not_found", 404, "No such organization department."),
        new("subsidy_program.not_found", 404, "No such programme that this key may see."),
        new("subsidy_claim.not_found", 404, "No such claim that this key may see."),
        new("close_run.not_found", 404, "No close has run for that date."),
        new("sms_notice.not_found", 404, "No SMS notice has that client reference."),

        new("borrower.already_registered", 409, "A borrower with this resident ID is registered with the cooperative."),
        new("close.failed", 409, "The close stopped; run it again to resume."),
        new(ErrorCodes.CloseAlreadyClosed, 422, "That business date is already closed."),
        new(ErrorCodes.CloseOutOfOrder, 422, "Dates close in order, one after the other."),
        new(ErrorCodes.CloseThroughBeforeBusinessDate, 400, "`through` is before the current business date."),

        new(ErrorCodes.LineNotActive, 422, "The line is not active."),
        new(ErrorCodes.LineNotFrozen, 422, "The line is not frozen."),
        new(ErrorCodes.DrawExceedsAvailable, 422, "The draw is more than `available`."),
        new(ErrorCodes.DrawLineFrozen, 422, "The line is frozen."),
        new(ErrorCodes.DrawLineNotActive, 422, "The line cannot draw in its status."),
        new(ErrorCodes.DrawPastMaturity, 422, "The line has matured."),
        new(ErrorCodes.DrawLineOverdue, 422, "The line has overdue amounts."),
        new(ErrorCodes.RepaymentExceedsPayoff, 422, "The repayment is more than `payoffAmount`."),
        new(ErrorCodes.RepaymentLineClosed, 422, "The line is closed."),
        new(ErrorCodes.ExtensionNotAllowed, 422, "The line cannot be extended (展期) in its status."),
        new(ErrorCodes.ExtensionAfterMaturity, 422, "Extensions are asked for before maturity."),
        new(ErrorCodes.ExtensionLineOverdue, 422, "The line has overdue amounts."),
        new(ErrorCodes.ExtensionExceedsLimit, 422, "The extension is longer than the rules allow."),
        new(ErrorCodes.RenewalNotAllowed, 422, "The line cannot be renewed (续贷) in its status."),
        new(ErrorCodes.RenewalOutsideWindow, 422, "Renewals open 30 days before maturity."),
        new(ErrorCodes.RenewalLineOverdue, 422, "The line has overdue amounts."),
        new(ErrorCodes.RenewalInterestUnpaid, 422, "Billed interest must be paid before renewing."),
        new(ErrorCodes.RenewalLimitBelowPrincipal, 422, "The new limit is below the principal carried over."),
        new(ErrorCodes.SubsidyCooperativeNotInProgram, 422, "The cooperative does not take part in the programme."),
        new(ErrorCodes.SubsidyBorrowerNotInDifficulty, 422, "Only borrowers in difficulty are subsidized."),
        new(ErrorCodes.SubsidyBorrowerOutsideRegion, 422, "The borrower lives outside the programme's region."),
        new(ErrorCodes.SubsidyOutsideProgramDates, 422, "The business date is outside the programme's dates."),
        new(ErrorCodes.SubsidyProgramExhausted, 422, "The programme's budget is used up."),
        new(ErrorCodes.SubsidyAlreadyEnrolled, 422, "The line is already enrolled."),
        new(ErrorCodes.ClaimNothingToClaim, 422, "No earned subsidy in the period is left to claim."),
        new(ErrorCodes.ClaimNotSubmitted, 422, "Only a submitted claim can be approved or rejected."),
        new(ErrorCodes.ClaimNotApproved, 422, "Only an approved claim can be marked paid."),
        new(ErrorCodes.SubsidyParticipationPending, 422, "The cooperative has not accepted the programme yet (`POST /subsidy-programs/{id}/accept`)."),
        new(ErrorCodes.SubsidyParticipationNotInvited, 422, "The cooperative is not invited to the programme."),
    ];

    /// <summary>The registered entries of <paramref name="code"/> (a code may come with more than one status).</summary>
    public static IEnumerable<ProblemCode> Find(string code)
    {
        var found = All.Where(c => c.Code == code).ToList();
        return found.Count > 0 ? found : throw new ArgumentException($"Problem code '{code}' is not in ProblemCodes.All.", nameof(code));
    }
}
