namespace LoanService.Api.Setup.OpenApi;

/// <summary>Problem codes an endpoint answers beyond those of its scope (see <see cref="ProblemCodes"/>).</summary>
public sealed record RefusesMetadata(IReadOnlyList<string> Codes);

/// <summary>A money-moving POST: takes <c>Idempotency-Key</c>, may answer <c>Idempotent-Replayed: true</c>.</summary>
public sealed record PostingMetadata;

/// <summary>The endpoint's 200 also comes as <c>text/csv</c> when asked for with <c>Accept</c>.</summary>
public sealed record CsvAlternativeMetadata(string Description);

/// <summary>Endpoint metadata that the OpenAPI document is written from.</summary>
public static class ContractEndpointExtensions
{
    /// <summary>Declares the problem codes this endpoint can answer (each must be in <see cref="ProblemCodes"/>).</summary>
    public static RouteHandlerBuilder Refuses(this RouteHandlerBuilder builder, params string[] codes)
    {
        foreach (var code in codes) _ = ProblemCodes.Find(code).ToList();
        return builder.WithMetadata(new RefusesMetadata(codes));
    }

    /// <summary>A money-moving POST under <c>Idempotency-Key</c>, answering 201 with <typeparamref name="T"/>.</summary>
    public static RouteHandlerBuilder Posting<T>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new PostingMetadata()).Produces<T>(StatusCodes.Status201Created);

    public static RouteHandlerBuilder AlsoCsv(this RouteHandlerBuilder builder, string description) =>
        builder.WithMetadata(new CsvAlternativeMetadata(description));
}
