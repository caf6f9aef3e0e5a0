using LoanService.Api.Setup;
using LoanService.Domain;
using LoanService.Domain.CreditLines;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LoanService.Api.CreditLines;

public static class CreditLinesApi
{
    public static IEndpointRouteBuilder MapCreditLinesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/credit-lines").WithTags("Credit lines").RequireAuthorization(Roles.Cooperative);

        api.MapPost("", OpenLine.Handle).WithName("OpenCreditLine").WithSummary("Open a credit line for a borrower");
        api.MapGet("", ListLines.Handle).WithName("ListCreditLines").WithSummary("List the cooperative's credit lines");
        api.MapGet("{id:guid}", GetLine).WithName("GetCreditLine").WithSummary("A credit line as owed today");
        api.MapPost("{id:guid}/draws", Draw.Handle).WithName("Draw").WithSummary("Draw on a line (支用)");
        api.MapPost("{id:guid}/repayments", Repay.Handle).WithName("Repay").WithSummary("Repay (还款), split by the allocation order");
        api.MapGet("{id:guid}/payoff-quote", GetPayoffQuote).WithName("GetPayoffQuote").WithSummary("What repays the line in full today (结清金额)");
        api.MapPost("{id:guid}/extensions", Extend.Handle).WithName("Extend").WithSummary("Extend the maturity (展期)");
        api.MapPost("{id:guid}/renewals", Renew.Handle).WithName("Renew").WithSummary("Renew into a new line (续贷)");
        api.MapPost("{id:guid}/freeze", Freeze).WithName("Freeze").WithSummary("Stop draws on a line");
        api.MapPost("{id:guid}/unfreeze", Unfreeze).WithName("Unfreeze").WithSummary("Allow draws again");
        api.MapGet("{id:guid}/transactions", Transactions.Handle).WithName("ListTransactions").WithSummary("The line's journal, oldest first");
        api.MapGet("{id:guid}/notices", Notices.Handle).WithName("ListNotices").WithSummary("The line's SMS notices and their status, oldest first");
        return app;
    }

    /// <summary>Loads a line of the caller's cooperative; another cooperative's line is not found.</summary>
    internal static async Task<CreditLine> LoadAsync(LoanServiceDbContext db, Caller caller, Guid id, bool track = true)
    {
        var query = track ? db.CreditLines : db.CreditLines.AsNoTracking();
        var line = await query.SingleOrDefaultAsync(l => l.Id == id);
        return Owned(line, caller, id);
    }

    /// <summary>The caller's cooperative's line; another cooperative's line is not found.</summary>
    internal static CreditLine Owned(CreditLine? line, Caller caller, Guid id)
    {
        return line is not null && line.CooperativeId == caller.CooperativeId
            ? line
            : throw new NotFoundException("credit_line.not_found", $"Credit line {id} was not found.");
    }

    private static async Task<Ok<CreditLineResponse>> GetLine(Guid id, HttpContext http, LoanServiceDbContext db,
        BusinessCalendarStore calendar)
    {
        var line = await LoadAsync(db, Caller.From(http.User), id, track: false);
        return TypedResults.Ok(CreditLineResponse.From(line, await calendar.CurrentForReadAsync(),
            await SubsidyLedger.ReadAsync(db, [line])));
    }

    private static async Task<Ok<PayoffQuoteResponse>> GetPayoffQuote(Guid id, HttpContext http, LoanServiceDbContext db,
        BusinessCalendarStore calendar)
    {
        var line = await LoadAsync(db, Caller.From(http.User), id, track: false);
        return TypedResults.Ok(PayoffQuoteResponse.From(line.PayoffOn(await calendar.CurrentForReadAsync(),
            await SubsidyLedger.ReadAsync(db, [line]))));
    }

    private static Task<Ok<CreditLineResponse>> Freeze(Guid id, HttpContext http, LoanServiceDbContext db,
        BusinessCalendarStore calendar) => ChangeStatus(id, http, db, calendar, l => l.Freeze());

    private static Task<Ok<CreditLineResponse>> Unfreeze(Guid id, HttpContext http, LoanServiceDbContext db,
        BusinessCalendarStore calendar) => ChangeStatus(id, http, db, calendar, l => l.Unfreeze());

    private static async Task<Ok<CreditLineResponse>> ChangeStatus(Guid id, HttpContext http, LoanServiceDbContext db,
        BusinessCalendarStore calendar, Action<CreditLine> change)
    {
        var line = await LoadAsync(db, Caller.From(http.User), id);
        change(line);
        await db.SaveChangesAsync();
        return TypedResults.Ok(CreditLineResponse.From(line, await calendar.CurrentAsync(),
            await SubsidyLedger.ReadAsync(db, [line])));
    }
}
