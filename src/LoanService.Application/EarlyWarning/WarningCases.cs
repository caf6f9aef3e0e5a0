using System.Globalization;
using System.Text;
using LoanService.Domain;
using LoanService.Domain.Borrowers;
using LoanService.Domain.EarlyWarning;
using LoanService.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace LoanService.Application.EarlyWarning;

/// <summary>
/// The department's cases (its page and its API both come here): read them, and work them through
/// the case's own methods. A case of another department does not exist for the caller.
/// </summary>
public sealed class WarningCases(LoanServiceDbContext db, BusinessCalendarStore calendar, IClock clock)
{
    /// <summary>The department's cases that match, worst first, then oldest first.</summary>
    public async Task<IReadOnlyList<CaseSummary>> ListAsync(Guid departmentId, CaseFilter filter, CancellationToken ct = default)
    {
        var query = db.WarningCases.AsNoTracking().Where(c => c.DepartmentId == departmentId);
        if (filter.State is { } state) query = query.Where(c => c.State == state);
        if (filter.Severity is { } severity) query = query.Where(c => c.Severity == severity);
        if (filter.CooperativeId is { } cooperative) query = query.Where(c => c.CooperativeId == cooperative);
        var cases = await query.ToListAsync(ct);
        var summaries = await SummariesAsync(cases, ct);
        return summaries
            .Where(s => filter.Township is not { } t || s.Borrower.RegionCode.StartsWith(t, StringComparison.Ordinal))
            .OrderBy(s => s.State == CaseState.Resolved).ThenByDescending(s => s.Severity).ThenBy(s => s.OpenedOn).ThenBy(s => s.Id)
            .ToList();
    }

    public async Task<CaseDetail> GetAsync(Guid departmentId, Guid caseId, CancellationToken ct = default)
    {
        var c = await db.WarningCases.AsNoTracking().SingleOrDefaultAsync(x => x.Id == caseId, ct) ?? throw NotFound(caseId);
        c.RequireDepartment(departmentId);
        var summary = (await SummariesAsync([c], ct)).Single();
        var warnings = await db.Warnings.AsNoTracking().Where(w => w.CaseId == caseId).ToListAsync(ct);
        var changes = await db.WarningCaseChanges.AsNoTracking().Where(x => x.CaseId == caseId).ToListAsync(ct);
        return new CaseDetail(summary,
            warnings.OrderBy(w => w.ArisenOn).ThenBy(w => w.Kind).Select(WarningView.From).ToList(),
            changes.OrderBy(x => x.At).ThenBy(x => x.Kind).ToList());
    }

    public Task<CaseDetail> AssignHelperAsync(Guid departmentId, Guid caseId, string? name, string? post, string actor,
        CancellationToken ct = default) =>
        ChangeAsync(departmentId, caseId, (c, on, at) => c.AssignHelper(departmentId, name, post, actor, on, at), ct);

    public Task<CaseDetail> RecordHelpAsync(Guid departmentId, Guid caseId, LocalDate date, string? action, string? note,
        string actor, CancellationToken ct = default) =>
        ChangeAsync(departmentId, caseId, (c, on, at) => c.RecordHelp(departmentId, date, action, note, actor, on, at), ct);

    public Task<CaseDetail> ResolveAsync(Guid departmentId, Guid caseId, string? reason, string actor,
        CancellationToken ct = default) =>
        ChangeAsync(departmentId, caseId, (c, on, at) => c.Resolve(departmentId, reason, actor, on, at), ct);

    /// <summary>Cases opened and resolved per month (by business date), oldest month first.</summary>
    public async Task<IReadOnlyList<CaseMonth>> MonthsAsync(Guid departmentId, CancellationToken ct = default)
    {
        var cases = await db.WarningCases.AsNoTracking().Where(c => c.DepartmentId == departmentId)
            .Select(c => new { c.OpenedOn, c.ResolvedOn }).ToListAsync(ct);
        var months = cases.Select(c => (c.OpenedOn.Year, c.OpenedOn.Month))
            .Concat(cases.Where(c => c.ResolvedOn is not null).Select(c => (c.ResolvedOn!.Value.Year, c.ResolvedOn.Value.Month)))
            .Distinct().Order();
        return months.Select(m =>
        {
            var resolved = cases.Where(c => c.ResolvedOn is { } r && r.Year == m.Item1 && r.Month == m.Item2)
                .Select(c => Period.DaysBetween(c.OpenedOn, c.ResolvedOn!.Value)).ToList();
            return new CaseMonth(m.Item1, m.Item2,
                cases.Count(c => c.OpenedOn.Year == m.Item1 && c.OpenedOn.Month == m.Item2), resolved.Count,
                resolved.Count == 0 ? null : Math.Round((decimal)resolved.Sum() / resolved.Count, 1, MidpointRounding.AwayFromZero),
                resolved.Count == 0 ? null : resolved.Max());
        }).ToList();
    }

    /// <summary>
    /// The cases as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Chinese as
    /// another code page), CRLF, every field quoted, and a leading quote before text Excel would run
    /// as a formula.
    /// </summary>
    public async Task<byte[]> CsvAsync(Guid departmentId, CaseFilter filter, CancellationToken ct = default)
    {
        var text = new StringBuilder();
        Row(text, "案件编号", "状态", "严重程度", "借款人", "乡镇", "村", "党支部", "合作机构", "预警", "逾期金额（元）",
            "逾期天数", "发现日期", "持续天数", "帮扶责任人", "职务", "最近帮扶", "解除日期");
        foreach (var c in await ListAsync(departmentId, filter, ct))
            Row(text, c.Id.ToString(), CaseTexts.Chinese(c.State), c.Severity.Chinese(), c.Borrower.Name, c.Borrower.Township,
                c.Borrower.RegionCode, c.Borrower.PartyBranch, c.Cooperative,
                string.Join("、", c.Warnings.Select(w => w.Kind.Chinese())),
                c.Warnings.Count == 0 ? "0.00" : c.Warnings.Max(w => w.AmountOverdue).ToYuanString(),
                (c.Warnings.Count == 0 ? 0 : c.Warnings.Max(w => w.DaysPastDue)).ToString(CultureInfo.InvariantCulture),
                Date(c.OpenedOn), c.DaysOpen.ToString(CultureInfo.InvariantCulture), c.HelperName ?? "", c.HelperPost ?? "",
                c.LastHelpedOn is { } h ? Date(h) : "", c.ResolvedOn is { } r ? Date(r) : "");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Date(LocalDate d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder text, params string[] fields)
    {
        text.Append(string.Join(",", fields.Select(f =>
        {
            var safe = f.Length > 0 && "=+-@\t\r".Contains(f[0]) ? "'" + f : f;
            return "\"" + safe.Replace("\"", "\"\"") + "\"";
        })));
        text.Append("\r\n");
    }

    private async Task<CaseDetail> ChangeAsync(Guid departmentId, Guid caseId, Action<WarningCase, LocalDate, Instant> change,
        CancellationToken ct)
    {
        var c = await db.WarningCases.SingleOrDefaultAsync(x => x.Id == caseId, ct) ?? throw NotFound(caseId);
        c.RequireDepartment(departmentId);
        change(c, await calendar.CurrentAsync(ct), clock.GetCurrentInstant());
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return await GetAsync(departmentId, caseId, ct);
    }

    private async Task<List<CaseSummary>> SummariesAsync(IReadOnlyList<WarningCase> cases, CancellationToken ct)
    {
        if (cases.Count == 0) return [];
        var today = await calendar.CurrentForReadAsync(ct);
        var ids = cases.Select(c => c.Id).ToList();
        var borrowerIds = cases.Select(c => c.BorrowerId).Distinct().ToList();
        var warnings = new List<Warning>();
        var borrowers = new Dictionary<Guid, Borrower>();
        foreach (var chunk in ids.Chunk(500))
            warnings.AddRange(await db.Warnings.AsNoTracking().Where(w => chunk.Contains(w.CaseId) && w.ClearedOn == null).ToListAsync(ct));
        foreach (var chunk in borrowerIds.Chunk(500))
            foreach (var b in await db.Borrowers.AsNoTracking().Where(b => chunk.Contains(b.Id)).ToListAsync(ct))
                borrowers[b.Id] = b;
        var cooperatives = await db.Cooperatives.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var byCase = warnings.ToLookup(w => w.CaseId);
        return cases.Select(c => new CaseSummary(c.Id, c.State, c.Severity, c.OpenedOn, c.DaysOpen(today),
            BorrowerFor(borrowers.GetValueOrDefault(c.BorrowerId), c.BorrowerId), c.CooperativeId,
            cooperatives.GetValueOrDefault(c.CooperativeId, ""),
            byCase[c.Id].OrderByDescending(w => w.Severity).ThenBy(w => w.Kind).Select(WarningView.From).ToList(),
            c.HelperName, c.HelperPost, c.LastHelpedOn, c.ResolvedOn, c.ResolvedByDepartment, c.ResolutionReason)).ToList();
    }

    internal static BorrowerView BorrowerFor(Borrower? b, Guid id) => b is null
        ? new BorrowerView(id, "", false, "", "", "")
        : new BorrowerView(b.Id, b.NameForDepartment, b.NameDisclosureAgreed, b.RegionCode, Regions.Township(b.RegionCode), b.PartyBranch);

    private static DomainException NotFound(Guid id) =>
        new(ErrorCodes.CaseNotFound, $"Case {id} was not found.", RefusalKind.NotFound);
}

public static class CaseTexts
{
    public static string Chinese(CaseState state) => state switch
    {
        CaseState.Found => "发现",
        CaseState.Assigned => "已分配帮扶责任人",
        CaseState.Helped => "帮扶中",
        CaseState.Resolved => "已解除",
        _ => state.ToString(),
    };
}
