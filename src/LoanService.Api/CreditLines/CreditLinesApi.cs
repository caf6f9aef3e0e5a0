using LoanService.Api.Setup;
using LoanService.Api.Setup.OpenApi;
using LoanService.Domain;
using LoanService.Application.CreditLines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanService.Api.CreditLines;

public static class CreditLinesApi
{
    public static IEndpointRouteBuilder MapCreditLinesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/credit-lines").WithTags("Credit lines").RequireAuthorization(Roles.Cooperative);

        api.MapPost("", OpenLine.Handle).WithName("OpenCreditLine").WithSummary("Open a credit line for a borrower")
            .WithDescription("Opens a revolving line (授信) for one of the cooperative's borrowers, on the current business date, optionally enrolled in a subsidy programme (贴息). Answers the line.")
            .Produces<CreditLineResponse>(StatusCodes.Status201Created)
            .Refuses("borrower.not_found", "subsidy_program.not_found", ErrorCodes.LimitOutOfRange, ErrorCodes.RateOutOfRange,
                ErrorCodes.TermOutOfRange, ErrorCodes.SubsidyCooperativeNotInProgram, ErrorCodes.SubsidyBorrowerNotInDifficulty,
                ErrorCodes.SubsidyBorrowerOutsideRegion, ErrorCodes.SubsidyOutsideProgramDates, ErrorCodes.SubsidyProgramExhausted,
                ErrorCodes.SubsidyAlreadyEnrolled)
            .Refuses(ErrorCodes.SubsidyParticipationPending);
        api.MapGet("", ListLines.Handle).WithName("ListCreditLines").WithSummary("List the cooperative's credit lines")
            .WithDescription("The cooperative's lines as owed today, filtered by `status` and `classification`, paged by id.");
        api.MapGet("{id:guid}", GetLine).WithName("GetCreditLine").WithSummary("A credit line as owed today")
            .WithDescription("Balances, status and 五级分类 as of the current business date.").Refuses("credit_line.not_found");
        api.MapPost("{id:guid}/draws", Draw.Handle).WithName("Draw").WithSummary("Draw on a line (支用)")
            .WithDescription("Posts a draw on the current business date and answers the entry with the line after it. Safe to retry with `Idempotency-Key`.")
            .Posting<DrawResponse>()
            .Refuses("credit_line.not_found", ErrorCodes.AmountNotPositive, ErrorCodes.AmountTooManyDecimals, ErrorCodes.AmountTooLarge,
                ErrorCodes.DrawExceedsAvailable, ErrorCodes.DrawLineFrozen, ErrorCodes.DrawLineNotActive, ErrorCodes.DrawPastMaturity,
                ErrorCodes.DrawLineOverdue);
        api.MapPost("{id:guid}/repayments", Repay.Handle).WithName("Repay").WithSummary("Repay (还款), split by the allocation order")
            .WithDescription("Posts a repayment: penalty interest, overdue interest, overdue principal, interest, then principal. Answers the allocation and the line. Safe to retry with `Idempotency-Key`.")
            .Posting<RepaymentResponse>()
            .Refuses("credit_line.not_found", ErrorCodes.AmountNotPositive, ErrorCodes.AmountTooManyDecimals, ErrorCodes.AmountTooLarge,
                ErrorCodes.RepaymentExceedsPayoff, ErrorCodes.RepaymentLineClosed);
        api.MapGet("{id:guid}/payoff-quote", GetPayoffQuote).WithName("GetPayoffQuote").WithSummary("What repays the line in full today (结清金额)")
            .WithDescription("The amount a repayment today must be to leave every balance at zero, by component.").Refuses("credit_line.not_found");
        api.MapPost("{id:guid}/extensions", Extend.Handle).WithName("Extend").WithSummary("Extend the maturity (展期)")
            .WithDescription("Moves the maturity date later; the line then takes repayments only. Answers the line. Safe to retry with `Idempotency-Key`.")
            .Posting<CreditLineResponse>()
            .Refuses("credit_line.not_found", ErrorCodes.ExtensionNotAllowed, ErrorCodes.ExtensionAfterMaturity,
                ErrorCodes.ExtensionLineOverdue, ErrorCodes.ExtensionNotLater, ErrorCodes.ExtensionExceedsLimit)
            .Refuses(ErrorCodes.DateOutOfRange);
        api.MapPost("{id:guid}/renewals", Renew.Handle).WithName("Renew").WithSummary("Renew into a new line (续贷)")
            .WithDescription("Closes the line into a new one that carries its principal over; answers the new line. Safe to retry with `Idempotency-Key`.")
            .Posting<CreditLineResponse>()
            .Refuses("credit_line.not_found", ErrorCodes.LimitOutOfRange, ErrorCodes.RateOutOfRange, ErrorCodes.TermOutOfRange,
                ErrorCodes.RenewalNotAllowed, ErrorCodes.RenewalOutsideWindow, ErrorCodes.RenewalLineOverdue,
                ErrorCodes.RenewalInterestUnpaid, ErrorCodes.RenewalLimitBelowPrincipal);
        api.MapPost("{id:guid}/freeze", Freeze).WithName("Freeze").WithSummary("Stop draws on a line")
            .WithDescription("Freezes an active line: repayments are still taken. Answers the line.")
            .Refuses("credit_line.not_found", ErrorCodes.LineNotActive, "concurrency.conflict");
        api.MapPost("{id:guid}/unfreeze", Unfreeze).WithName("Unfreeze").WithSummary("Allow draws again")
            .WithDescription("Unfreezes a frozen line. Answers the line.")
            .Refuses("credit_line.not_found", ErrorCodes.LineNotFrozen, "concurrency.conflict");
        api.MapGet("{id:guid}/transactions", Journal.Handle).WithName("ListTransactions").WithSummary("The line's journal, oldest first")
            .WithDescription("Every journal entry of the line with what it changed and the balances after it; entries are never changed or deleted.")
            .Refuses("credit_line.not_found");
        api.MapGet("{id:guid}/classification-history", Classifications.Handle).WithName("ListClassificationChanges")
            .WithSummary("The line's changes of class (五级分类), oldest first")
            .WithDescription("Each change of the line's classification: the business date the new class holds from, and the class before and after. A line starts 正常 (`Normal`) on its start date, which is no change; a line opened before history was kept has none before its first change since.")
            .Refuses("credit_line.not_found");
        api.MapGet("{id:guid}/classification", Classifications.On).WithName("GetClassificationOn")
            .WithSummary("The line's class (五级分类) on a business date")
            .WithDescription("The classification that held on `on` (default: the current business date), from the line's changes of class. `on` may not be before the line's start date or after the current business date. Days past due are not kept: they are live on the line.")
            .Refuses("credit_line.not_found", ErrorCodes.DateOutOfRange);
        api.MapGet("{id:guid}/notices", Notices.Handle).WithName("ListNotices").WithSummary("The line's SMS notices and their status, oldest first")
            .WithDescription("The texts sent (or to be sent) to the borrower and what became of each.").Refuses("credit_line.not_found");
        return app;
    }

    private static async Task<Ok<CreditLineResponse>> GetLine(Guid id, HttpContext http, CreditLineQueries lines) =>
        TypedResults.Ok(CreditLineResponse.From(await lines.GetAsync(Caller.From(http.User).CooperativeId, id, http.RequestAborted)));

    private static async Task<Ok<PayoffQuoteResponse>> GetPayoffQuote(Guid id, HttpContext http, CreditLineQueries lines) =>
        TypedResults.Ok(PayoffQuoteResponse.From(
            await lines.PayoffQuoteAsync(Caller.From(http.User).CooperativeId, id, http.RequestAborted)));

    private static async Task<Ok<CreditLineResponse>> Freeze(Guid id, HttpContext http, CreditLineCases lines) =>
        TypedResults.Ok(CreditLineResponse.From(await lines.FreezeAsync(Caller.From(http.User).CooperativeId, id, http.RequestAborted)));

    private static async Task<Ok<CreditLineResponse>> Unfreeze(Guid id, HttpContext http, CreditLineCases lines) =>
        TypedResults.Ok(CreditLineResponse.From(await lines.UnfreezeAsync(Caller.From(http.User).CooperativeId, id, http.RequestAborted)));
}
