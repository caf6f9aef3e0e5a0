using LoanService.Domain;
using LoanService.Api.CreditLines;
using LoanService.Api.Setup;
using LoanService.Api.Setup.OpenApi;
using LoanService.Application.CloseOfBusiness;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace LoanService.Api.Operations;

public sealed record CloseChunkResponse(int ChunkNo, CloseChunkState State, int Attempts, string? ClaimedBy,
    Instant? ClaimedAt, int LinesClosed, long DurationMs, string? Error);

/// <summary>A close run: its state, chunks done and failed, lines, how long it took, and errors.</summary>
public sealed record CloseRunResponse(LocalDate BusinessDate, CloseRunState State, Instant StartedAt, Instant? FinishedAt,
    double? DurationSeconds, int ChunkCount, int ChunksDone, int ChunksFailed, int ChunksPending, int LinesPlanned,
    int LinesProcessed, string? LastError, IReadOnlyList<CloseChunkResponse>? Chunks);

public static class CloseRunsApi
{
    public static IEndpointRouteBuilder MapCloseRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/operations/close-runs").WithTags("Operations").RequireAuthorization(Roles.Operator);
        api.MapGet("", List).WithName("ListCloseRuns").WithSummary("Close-of-business runs, newest first")
            .WithDescription("Each close run with its state, chunk counts and timing.");
        api.MapGet("{date}", Get).WithName("GetCloseRun").WithSummary("One close run with its chunks")
            .WithDescription("The run of one business date (`yyyy-MM-dd`) with each chunk's state, attempts and error.")
            .Refuses("close_run.not_found")
            .Refuses(ErrorCodes.DateOutOfRange);
        return app;
    }

    private static async Task<Ok<Page<CloseRunResponse>>> List(CloseRunQueries runs, CancellationToken ct,
        int? limit = null, string? cursor = null)
    {
        var size = Paging.Size(limit);
        var before = Paging.Read(cursor) is { } text ? DateInput.Parse(text, "cursor") : (LocalDate?)null;
        var (page, more) = await runs.ListAsync(before, size, ct);
        var items = page.Select(r => Describe(r, withChunks: false)).ToList();
        return TypedResults.Ok(new Page<CloseRunResponse>(items, more ? Paging.Write(items[^1].BusinessDate.Iso()) : null));
    }

    private static async Task<Ok<CloseRunResponse>> Get(string date, CloseRunQueries runs, CancellationToken ct) =>
        TypedResults.Ok(Describe(await runs.GetAsync(DateInput.Parse(date, "date"), ct), withChunks: true));

    private static CloseRunResponse Describe(CloseRunView view, bool withChunks)
    {
        var (run, chunks) = view;
        return new CloseRunResponse(run.BusinessDate, run.State, run.StartedAt, run.FinishedAt,
            run.FinishedAt is { } f ? (f - run.StartedAt).TotalSeconds : null, run.ChunkCount,
            chunks.Count(c => c.State == CloseChunkState.Done), chunks.Count(c => c.State == CloseChunkState.Failed),
            chunks.Count(c => c.State is CloseChunkState.Pending or CloseChunkState.Running), run.LinesPlanned,
            chunks.Sum(c => c.LinesClosed), run.LastError,
            withChunks
                ? chunks.Select(c => new CloseChunkResponse(c.ChunkNo, c.State, c.Attempts, c.ClaimedBy, c.ClaimedAt,
                    c.LinesClosed, c.DurationMs, c.Error)).ToList()
                : null);
    }
}
