using System.ComponentModel.DataAnnotations;
using LoanService.Api.Setup;
using LoanService.Api.Setup.OpenApi;
using LoanService.Application.EarlyWarning;
using LoanService.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace LoanService.Api.Borrowers;

public sealed record NameDisclosureRequest([Required] bool? Agreed);

public sealed record NameDisclosureResponse(Guid BorrowerId, bool Agreed, LocalDate? RecordedOn);

/// <summary>
/// The borrower's agreement that the organization department may know them by name (early warning
/// then names them in full to the department). Recorded by the cooperative, dated with the business date;
/// sending false withdraws it.
/// </summary>
public static class NameDisclosure
{
    public static RouteHandlerBuilder MapNameDisclosure(this RouteGroupBuilder borrowers) =>
        borrowers.MapPost("{id:guid}/name-disclosure", Handle).WithName("RecordNameDisclosure")
            .WithSummary("Record the borrower's agreement to be named to the department")
            .WithDescription("Whether the borrower agreed (a signed form the cooperative keeps) that the organization department funding their subsidy may know them by name. With it the department's early-warning cases show the name in full; resident ID and mobile stay masked everywhere. false withdraws it.")
            .Refuses("borrower.not_found");

    private static async Task<Ok<NameDisclosureResponse>> Handle(Guid id, NameDisclosureRequest request, HttpContext http,
        LineWarnings warnings)
    {
        var agreed = request.Agreed ?? throw RequestValidationException.For("agreed", "agreed is required: true or false.");
        var borrower = await warnings.RecordNameDisclosureAsync(Caller.From(http.User).CooperativeId, id, agreed, http.RequestAborted);
        return TypedResults.Ok(new NameDisclosureResponse(borrower.Id, borrower.NameDisclosureAgreed, borrower.NameDisclosureRecordedOn));
    }
}
