namespace LoanService.Jobs.CloseOfBusiness;

/// <summary>How close of business splits and retries its work. Configuration section <c>CloseOfBusiness</c>.</summary>
public sealed class CloseOptions
{
    /// <summary>Lines per chunk: one transaction each. docs/benchmarks.md: 10 000 is 4–5× faster than 1 000 and uses under 250 MB.</summary>
    public int ChunkSize { get; set; } = 10_000;

    /// <summary>
    /// Chunks this instance closes at once. Null: two on PostgreSQL, so one chunk's C# work overlaps
    /// another's database work; one on SQLite, which has one writer at a time anyway.
    /// </summary>
    public int? Parallelism { get; set; }

    /// <summary>A chunk claimed longer ago than this is taken to be orphaned (its instance died) and is claimed again.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts at one chunk before it is marked Failed and the run stops for the operator.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first retry waits this long; each next one twice as long.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often an instance looks for chunks of a running close it did not start.</summary>
    public TimeSpan WorkerPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Close every open line every night, as before the close became event-driven: each line gets its
    /// accrual entry every day. For the close after the product's settings changed (the lines' next
    /// events were found with the old ones), and the reference the event-driven close is tested against.
    /// Every instance of a cluster must use the same value.
    /// </summary>
    public bool EveryLine { get; set; }

    /// <summary>Whether this instance helps with closes started elsewhere.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>This instance's name in chunk claims; the machine name and process id by default.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}

/// <summary>A test seam: lets a test fail a chunk on purpose, to prove a close resumes correctly.</summary>
public interface ICloseFaultInjector
{
    void BeforeCommit(NodaTime.LocalDate date, int chunkNo);
}

internal sealed class NoFaults : ICloseFaultInjector
{
    public void BeforeCommit(NodaTime.LocalDate date, int chunkNo)
    {
    }
}
