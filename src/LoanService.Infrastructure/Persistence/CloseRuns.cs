using NodaTime;

namespace LoanService.Infrastructure.Persistence;

public enum CloseRunState
{
    /// <summary>Chunks are being closed; the business date has not moved yet.</summary>
    Running,
    /// <summary>Every chunk is done and the business date has moved on.</summary>
    Completed,
    /// <summary>A chunk failed every retry; the operator must look and resume (run the close again).</summary>
    Failed,
}

public enum CloseChunkState
{
    Pending,
    Running,
    Done,
    Failed,
}

/// <summary>One business date's close: what it planned, what is done, what failed.</summary>
public sealed class CloseRun
{
    public LocalDate BusinessDate { get; set; }
    public CloseRunState State { get; set; }
    public Instant StartedAt { get; set; }
    public Instant? FinishedAt { get; set; }
    public int ChunkCount { get; set; }
    public int LinesPlanned { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// A range of lines (by id, inclusive) closed in one transaction. Any instance may claim a
/// pending chunk, or a running one whose lease has expired (its instance died).
/// </summary>
public sealed class CloseChunk
{
    public LocalDate BusinessDate { get; set; }
    public int ChunkNo { get; set; }
    public Guid FirstLineId { get; set; }
    public Guid LastLineId { get; set; }

    /// <summary>
    /// The subsidy programme whose lines (and only those) the chunk closes; null for lines in none. A
    /// programme's chunks are closed one after another, in chunk order: its budget goes to its lines in
    /// line-id order, so which line gets the last of it is the same whoever closes (docs/subsidies.md).
    /// </summary>
    public Guid? ProgramId { get; set; }

    public CloseChunkState State { get; set; }
    public int Attempts { get; set; }
    public string? ClaimedBy { get; set; }
    public Instant? ClaimedAt { get; set; }
    public Instant? NotBefore { get; set; }
    public int LinesClosed { get; set; }
    public long DurationMs { get; set; }
    public string? Error { get; set; }

    /// <summary>Bumped by every claim: a claim succeeds only against the version it read.</summary>
    public int Version { get; set; }
}
