using LoanService.Domain.CreditLines;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using NodaTime;

namespace LoanService.Application.CreditLines;

/// <summary>
/// The one way what credit lines leave pending reaches the database: their journal entries, their
/// changes of class, their subsidy events (ledger and period rows) and the notices planned for them, saved together in the
/// caller's transaction. A posting and a close chunk differ only in how they write:
/// <list type="bullet">
/// <item><see cref="ForPosting"/>: one tracked line; rows go through the change tracker and are saved
/// with the line in one batch (a posting's second round trip).</item>
/// <item><see cref="ForClose"/>: a chunk of untracked lines; the lines and the journal go through the
/// provider's bulk <see cref="LineCloseWriter"/>, the notices through one outbox look-up for the chunk.</item>
/// </list>
/// </summary>
public sealed class LineChanges
{
    private readonly LoanServiceDbContext _db;
    private readonly Instant _now;
    private readonly NoticeRecipient? _recipient;
    private readonly LineCloseWriter? _writer;
    private readonly IReadOnlyList<VersionedLine> _lines = [];
    private readonly List<JournalEntryRow> _journal = [];
    private readonly List<PlannedNotice> _notices = [];

    private LineChanges(LoanServiceDbContext db, Instant now, NoticeRecipient? recipient, LineCloseWriter? writer,
        IReadOnlyList<VersionedLine>? lines)
    {
        _db = db;
        _now = now;
        _recipient = recipient;
        _writer = writer;
        if (lines is not null)
        {
            _lines = lines;
            _journal.Capacity = lines.Count;
        }
    }

    /// <summary>
    /// For a posting on tracked lines: a posting's notice goes to <paramref name="recipient"/>, read with
    /// the line, so nothing more is looked up.
    /// </summary>
    public static LineChanges ForPosting(LoanServiceDbContext db, NoticeRecipient recipient, Instant now) =>
        new(db, now, recipient, writer: null, lines: null);

    /// <summary>For a close chunk: <paramref name="lines"/>, read untracked with their versions, are written back by <paramref name="writer"/>.</summary>
    public static LineChanges ForClose(LoanServiceDbContext db, LineCloseWriter writer, IReadOnlyList<VersionedLine> lines,
        Instant now) => new(db, now, recipient: null, writer, lines);

    /// <summary>Journal rows taken so far and not yet written (a close's; a posting's are in the change tracker).</summary>
    public IReadOnlyList<JournalEntryRow> Journal => _journal;

    /// <summary>
    /// Takes what <paramref name="line"/> has pending (journal entries, with <paramref name="note"/> on
    /// each; changes of class; subsidy events) and <paramref name="notices"/> planned for it, to be saved by <see cref="SaveAsync"/>.
    /// <paramref name="handedOver"/>: the line's entries a close has already handed over instead of leaving them
    /// pending (<see cref="CreditLine.CloseEventDay(LocalDate, LoanService.Domain.ProductSettings, NoticeCadence, LoanService.Domain.Subsidies.ISubsidyBudget?, List{JournalEntry})"/>); they are taken, and the list cleared.
    /// </summary>
    public async Task TakeAsync(CreditLine line, IReadOnlyCollection<PlannedNotice> notices, CancellationToken ct,
        string? note = null, List<JournalEntry>? handedOver = null)
    {
        foreach (var entry in line.TakePendingJournal()) Take(entry, note);
        if (handedOver is not null)
        {
            foreach (var entry in handedOver) Take(entry, note);
            handedOver.Clear();
        }
        // Changes of class are rare (most closes change none): both modes add them to the unit of work,
        // which the close's SaveAsync saves after the bulk write, in the chunk's transaction.
        if (line.PendingClassificationChanges.Count > 0)
            foreach (var change in line.TakeClassificationChanges())
                _db.ClassificationChanges.Add(ClassificationChangeRow.Of(change, line.CooperativeId, _now));
        if (line.PendingSubsidyEvents.Count > 0)
            await SubsidyLedger.AddAsync(_db, line, line.TakeSubsidyEvents(), ct);
        if (notices.Count == 0) return;
        if (_recipient is { } recipient)
            foreach (var notice in notices)
                NoticeOutbox.AddForPosting(_db, notice, line, recipient, _now);
        else
            _notices.AddRange(notices);
    }

    private void Take(JournalEntry entry, string? note)
    {
        var row = JournalEntryRow.From(entry, _now, note);
        if (_writer is null) _db.Journal.Add(row);
        else _journal.Add(row);
    }

    /// <summary>
    /// Saves everything taken, with whatever else the unit of work holds, in the caller's transaction.
    /// Returns the notices that could not be written because their line or cooperative is unknown (a
    /// data error to report, never a reason to fail the posting or close).
    /// </summary>
    public async Task<IReadOnlyList<PlannedNotice>> SaveAsync(CancellationToken ct)
    {
        IReadOnlyList<PlannedNotice> orphans = [];
        if (_writer is not null)
        {
            await _writer.WriteAsync(_db, _lines, _journal, ct);
            orphans = await NoticeOutbox.AddAsync(_db, _notices, _now, ct);
            _journal.Clear();
            _notices.Clear();
        }
        await _db.SaveChangesAsync(ct);
        return orphans;
    }
}
