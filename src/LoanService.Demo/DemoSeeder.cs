using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoanService.Api.Setup;
using LoanService.Domain;
using NodaTime;
using NodaTime.Text;

namespace LoanService.Demo;

/// <summary>
/// How big the demo is. The defaults are the programme as reported: about 80 borrowers with lines of
/// 50,000–200,000, ¥4,760,000.00 drawn, a 3,000,000.00 budget, a year of business days.
/// </summary>
public sealed record DemoSeedOptions
{
    public int Borrowers { get; init; } = 80;
    public decimal Drawn { get; init; } = 4_760_000m;
    public decimal Budget { get; init; } = 3_000_000m;

    /// <summary>Business days closed, the first business date included.</summary>
    public int Days { get; init; } = 365;

    /// <summary>The seed of every random choice: the same seed on the same first business date gives the same figures.</summary>
    public int Seed { get; init; } = 350982;
}

public sealed record DemoCooperative(Guid Id, string Name, string ApiKey, int Lines);

public sealed record DemoSeedResult(
    Guid DepartmentId, string DepartmentName, string DepartmentKey, IReadOnlyList<DemoCooperative> Cooperatives,
    Guid ProgramId, string ProgramName, int Borrowers, decimal Drawn, LocalDate FirstBusinessDate, LocalDate BusinessDate,
    int Repayments, int LatePayments, IReadOnlyList<Guid> Claims);

/// <summary>A call the demo needed was refused; <see cref="Code"/> is the problem's code when there was one.</summary>
public sealed class DemoSeedException(string message, string? code = null) : Exception(message)
{
    public string? Code { get; } = code;
}

/// <summary>
/// Loads a realistic subsidy programme through the REST API, as the department, the cooperatives and
/// the operator would, so the demo exercises the same code as production: a department (中共福鼎市委组织部),
/// a rural credit cooperative and a village bank, borrowers in the county's townships opening lines
/// over the first months, a year of closes with the interest paid each month (a few borrowers late,
/// so some subsidy is forfeited, and some principal repaid after the harvest), and quarterly claims
/// the department rejects, approves and pays. Deterministic for a given seed and first business date.
/// </summary>
public sealed class DemoSeeder(HttpClient http, string operatorKey, ProductSettings settings, Action<string>? progress = null)
{
    public const string DepartmentName = "中共福鼎市委组织部";
    public const string CountyRegion = "350982";

    private static readonly (string Name, string Signature, decimal Rate, int TermMonths, int Share)[] Lenders =
    [
        ("福鼎市农村信用合作联社", "福鼎农信", 0.0435m, 36, 70),
        ("福鼎太姥村镇银行", "太姥村镇银行", 0.0480m, 24, 30),
    ];

    private static readonly decimal[] Limits = [50_000m, 60_000m, 80_000m, 100_000m, 100_000m, 120_000m, 150_000m, 200_000m];
    private static readonly LocalDatePattern Iso = LocalDatePattern.Iso;

    private readonly List<Guid> _claims = [];
    private readonly Dictionary<Guid, LocalDate> _claimAgainFrom = [];

    // Lines in the order their borrowers were planned: ids are random, so choices are made in this order.
    private readonly Dictionary<Guid, int> _lineOrder = [];
    private int _repayments, _latePayments;

    public async Task<DemoSeedResult> RunAsync(DemoSeedOptions options, CancellationToken ct = default)
    {
        if (options.Borrowers < Lenders.Length || options.Days < 1)
            throw new ArgumentException("The demo needs at least one borrower per cooperative and one business day.", nameof(options));
        var random = new Random(options.Seed);
        var first = ParseDate((await CallAsync(HttpMethod.Get, "/api/v1/business-date", operatorKey, ct: ct))["businessDate"]);
        var last = first.PlusDays(options.Days - 1);
        var cycles = SettlementDates(first, last);

        var department = await CallAsync(HttpMethod.Post, "/api/v1/org-departments", operatorKey,
            new { name = DepartmentName, regionCode = CountyRegion }, ct: ct);
        var departmentKey = department["apiKey"]!.GetValue<string>();
        var lenders = new List<(Guid Id, string Name, string Key)>();
        foreach (var lender in Lenders)
        {
            var made = await CallAsync(HttpMethod.Post, "/api/v1/cooperatives", operatorKey,
                new { name = lender.Name, signature = lender.Signature }, ct: ct);
            lenders.Add((made["id"]!.GetValue<Guid>(), lender.Name, made["apiKey"]!.GetValue<string>()));
        }

        var end = first.PlusYears(3).PlusDays(-1);
        var programName = string.Create(CultureInfo.InvariantCulture, $"党员先锋贷贴息项目（{first.Year}—{end.Year}年）");
        var program = await CallAsync(HttpMethod.Post, "/api/v1/subsidy-programs", departmentKey, new
        {
            name = programName, funder = DepartmentName, regionCode = CountyRegion,
            cooperativeIds = lenders.Select(l => l.Id).ToArray(), startDate = first.Iso(),
            endDate = end.Iso(), budget = options.Budget, principalCap = 200_000m,
            rateRule = new { kind = "FixedRate", value = 0.03m }, mode = "LenderClaims", forfeitOnLatePayment = true,
        }, ct: ct);
        var programId = program["id"]!.GetValue<Guid>();
        // Each cooperative accepts taking part, as it would in the service: only then can its lines enrol.
        foreach (var lender in lenders)
            await CallAsync(HttpMethod.Post, $"/api/v1/subsidy-programs/{programId}/accept", lender.Key, new { }, ct: ct);
        Report($"programme {programName}: budget {LoanService.Api.Web.Show.Yuan(options.Budget)}, {first.Iso()} to {end.Iso()}");

        var plans = Plan(random, options, cycles.Count);
        foreach (var plan in plans.Where(p => p.OpenCycle == 0)) await OpenAsync(plan, lenders, programId, ct);
        foreach (var plan in plans) await DrawAsync(plan, 0, lenders, ct);
        Report($"{plans.Count(p => p.OpenCycle == 0)} lines opened on {first:yyyy-MM-dd}");

        var claimRound = 0;
        for (var cycle = 1; cycle <= cycles.Count; cycle++)
        {
            var settlement = cycles[cycle - 1];
            await CloseThroughAsync(settlement, ct);
            var dueDate = settlement.PlusDays(1);

            // The bills of the settlement are due today: most pay them, a few borrowers each month do not.
            var late = await PayBillsAsync(lenders, random, settlement, ct);
            foreach (var plan in plans.Where(p => p.OpenCycle == cycle)) await OpenAsync(plan, lenders, programId, ct);
            foreach (var plan in plans) await DrawAsync(plan, cycle, lenders, ct);
            foreach (var plan in plans.Where(p => p.RepayCycle == cycle && p.LineId is not null))
                await RepayAsync(lenders[plan.Lender].Key, plan.LineId!.Value, plan.RepayPrincipal,
                    $"demo-principal-{plan.LineId}", ct);
            if (dueDate.Month % 3 == 1)
                await ClaimRoundAsync(++claimRound, programId, departmentKey, lenders, QuarterEndBefore(dueDate), first, ct);

            // Unpaid at today's close: overdue, their period's subsidy forfeited; paid five days late.
            var catchUp = dueDate.PlusDays(4);
            if (late.Count > 0 && catchUp <= last)
            {
                await CloseThroughAsync(catchUp, ct);
                await PayArrearsAsync(lenders, DemoFallingBehind.StillPaying(late, cycle, cycles.Count), ct);
            }
            Report($"{settlement:yyyy-MM}: billed and paid, {late.Count} late");
        }
        await CloseThroughAsync(last, ct);

        var drawn = plans.Sum(p => p.Draws.Sum(d => d.Amount));
        var businessDate = ParseDate((await CallAsync(HttpMethod.Get, "/api/v1/business-date", operatorKey, ct: ct))["businessDate"]);
        return new DemoSeedResult(department["id"]!.GetValue<Guid>(), DepartmentName, departmentKey,
            lenders.Select((l, i) => new DemoCooperative(l.Id, l.Name, l.Key, plans.Count(p => p.Lender == i))).ToList(),
            programId, programName, plans.Count, drawn, first, businessDate, _repayments, _latePayments, _claims);
    }

    /// <summary>One borrower's story: where and when the line opens, what is drawn when, what principal comes back.</summary>
    private sealed class BorrowerPlan
    {
        public required DemoPerson Person { get; init; }
        public required int Lender { get; init; }
        public required decimal Limit { get; init; }
        public required int OpenCycle { get; init; }
        public List<(int Cycle, decimal Amount)> Draws { get; } = [];
        public int RepayCycle { get; set; } = -1;
        public decimal RepayPrincipal { get; set; }
        public Guid? LineId { get; set; }
    }

    private static List<BorrowerPlan> Plan(Random random, DemoSeedOptions options, int cycles)
    {
        var ids = new HashSet<string>();
        var plans = new List<BorrowerPlan>();
        var shares = Lenders.Sum(l => l.Share);
        for (var i = 0; i < options.Borrowers; i++)
        {
            // Most lines open on the first day; the rest over the first settlements, as the programme got known.
            var roll = random.Next(100);
            var openCycle = roll < 60 ? 0 : roll < 85 ? Math.Min(1, cycles) : Math.Min(3, cycles);
            var lender = i * shares < options.Borrowers * Lenders[0].Share ? 0 : 1;
            plans.Add(new BorrowerPlan
            {
                Person = DemoPeople.Next(random, ids), Lender = lender,
                Limit = Limits[random.Next(Limits.Length)], OpenCycle = openCycle,
            });
        }

        // Draws: about half to nine tenths of each limit, in thousands, scaled so that they add up to the total exactly.
        var wanted = plans.Select(p => p.Limit * (0.45m + (decimal)random.NextDouble() * 0.45m)).ToList();
        var scale = options.Drawn / wanted.Sum();
        var amounts = plans.Select((p, i) => Math.Clamp(decimal.Round(wanted[i] * scale / 1000m) * 1000m, 10_000m, p.Limit)).ToList();
        var gap = options.Drawn - amounts.Sum();
        for (var i = 0; gap != 0m; i = (i + 1) % plans.Count)
        {
            var step = Math.Clamp(gap, -1000m, 1000m);
            var next = amounts[i] + step;
            if (next < 10_000m || next > plans[i].Limit) continue;
            amounts[i] = next;
            gap -= step;
        }
        if (amounts.Sum() != options.Drawn)
            throw new ArgumentException($"The limits cannot hold {options.Drawn} drawn.", nameof(options));

        for (var i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            // A quarter draw in two parts, the second two settlements later (seed money, then more at planting).
            if (random.Next(4) == 0 && plan.OpenCycle + 2 <= cycles && amounts[i] >= 20_000m)
            {
                var part = decimal.Round(amounts[i] * 0.6m / 1000m) * 1000m;
                plan.Draws.Add((plan.OpenCycle, part));
                plan.Draws.Add((plan.OpenCycle + 2, amounts[i] - part));
            }
            else
            {
                plan.Draws.Add((plan.OpenCycle, amounts[i]));
            }
            // After the harvest (the ninth settlement) some repay a fifth of what they drew.
            if (cycles >= 9 && random.Next(100) < 15)
            {
                plan.RepayCycle = 9;
                plan.RepayPrincipal = decimal.Round(amounts[i] * 0.2m / 1000m) * 1000m;
            }
        }
        return plans;
    }

    private async Task OpenAsync(BorrowerPlan plan, List<(Guid Id, string Name, string Key)> lenders, Guid programId,
        CancellationToken ct)
    {
        var key = lenders[plan.Lender].Key;
        var (_, _, rate, term, _) = Lenders[plan.Lender];
        var p = plan.Person;
        var borrower = await CallAsync(HttpMethod.Post, "/api/v1/borrowers", key, new
        {
            name = p.Name, residentId = p.ResidentId, mobile = p.Mobile, regionCode = p.RegionCode,
            partyBranch = p.PartyBranch, inDifficulty = true, registeredPoor = p.RegisteredPoor, smsOptOut = p.SmsOptOut,
        }, ct: ct);
        var line = await CallAsync(HttpMethod.Post, "/api/v1/credit-lines", key, new
        {
            borrowerId = borrower["id"]!.GetValue<Guid>(), limit = plan.Limit, annualRate = rate, termMonths = term,
            subsidyProgramId = programId,
        }, ct: ct);
        plan.LineId = line["id"]!.GetValue<Guid>();
        _lineOrder[plan.LineId.Value] = _lineOrder.Count;
    }

    private async Task DrawAsync(BorrowerPlan plan, int cycle, List<(Guid Id, string Name, string Key)> lenders, CancellationToken ct)
    {
        if (plan.LineId is not { } lineId) return;
        foreach (var (_, amount) in plan.Draws.Where(d => d.Cycle == cycle))
            await CallAsync(HttpMethod.Post, $"/api/v1/credit-lines/{lineId}/draws", lenders[plan.Lender].Key,
                new { amount }, $"demo-draw-{lineId}-{cycle}", ct);
    }

    /// <summary>Pays every line's bill due today, except a few chosen to be late; returns those.</summary>
    private async Task<List<(string Key, Guid LineId)>> PayBillsAsync(List<(Guid Id, string Name, string Key)> lenders,
        Random random, LocalDate settlement, CancellationToken ct)
    {
        var billed = new List<(string Key, Guid LineId, decimal Amount)>();
        foreach (var lender in lenders)
            foreach (var line in await LinesAsync(lender.Key, ct))
                if (line["billedInterest"]!.GetValue<decimal>() is > 0m and var amount)
                    billed.Add((lender.Key, line["id"]!.GetValue<Guid>(), amount));
        var lateCount = billed.Count == 0 ? 0 : Math.Max(1, billed.Count / 30);
        var late = billed.OrderBy(b => _lineOrder[b.LineId]).ToList()
            .OrderBy(_ => random.Next()).Take(lateCount).Select(b => (b.Key, b.LineId)).ToHashSet();
        foreach (var (key, lineId, amount) in billed.Where(b => !late.Contains((b.Key, b.LineId))))
            await RepayAsync(key, lineId, amount, $"demo-interest-{lineId}-{settlement.Iso()}", ct);
        return late.ToList();
    }

    /// <summary>The late borrowers pay what is overdue and its penalty (as the payoff quote counts it, to the 分).</summary>
    private async Task PayArrearsAsync(List<(Guid Id, string Name, string Key)> lenders, List<(string Key, Guid LineId)> late,
        CancellationToken ct)
    {
        foreach (var (key, lineId) in late)
        {
            var line = await CallAsync(HttpMethod.Get, $"/api/v1/credit-lines/{lineId}", key, ct: ct);
            var owed = line["overdueInterest"]!.GetValue<decimal>() + line["penaltyInterest"]!.GetValue<decimal>()
                       + line["billedInterest"]!.GetValue<decimal>();
            if (owed <= 0m) continue;
            await RepayAsync(key, lineId, owed, $"demo-arrears-{lineId}-{line["daysPastDue"]}-{owed}", ct);
            _latePayments++;
        }
    }

    private async Task RepayAsync(string key, Guid lineId, decimal amount, string idempotencyKey, CancellationToken ct)
    {
        if (amount <= 0m) return;
        await CallAsync(HttpMethod.Post, $"/api/v1/credit-lines/{lineId}/repayments", key, new { amount }, idempotencyKey, ct);
        _repayments++;
    }

    /// <summary>
    /// A quarter's claims: the department first pays what it approved last round and decides what was
    /// submitted (the village bank's first claim is sent back for papers), then each cooperative
    /// claims the quarter just ended (one whose claim was sent back claims its periods again with it).
    /// </summary>
    private async Task ClaimRoundAsync(int round, Guid programId, string departmentKey,
        List<(Guid Id, string Name, string Key)> lenders, LocalDate periodEnd, LocalDate programStart, CancellationToken ct)
    {
        if (periodEnd < programStart) return;
        var quarterStart = periodEnd.PlusDays(1).PlusMonths(-3);
        // At most two claims a round per cooperative: one page of 200 holds a year of them.
        var claims = (await CallAsync(HttpMethod.Get, $"/api/v1/subsidy-programs/{programId}/claims?limit=200", departmentKey, ct: ct))
            ["items"]!.AsArray().Select(c => c!).ToList();
        foreach (var claim in claims.Where(c => c["state"]!.GetValue<string>() == "Approved"))
            await CallAsync(HttpMethod.Post, $"/api/v1/subsidy-claims/{claim["id"]}/mark-paid", departmentKey, ct: ct);
        var rejectedOne = claims.Any(c => c["state"]!.GetValue<string>() == "Rejected");
        foreach (var claim in claims.Where(c => c["state"]!.GetValue<string>() == "Submitted"))
        {
            if (!rejectedOne && claim["cooperativeId"]!.GetValue<Guid>() == lenders[^1].Id)
            {
                await CallAsync(HttpMethod.Post, $"/api/v1/subsidy-claims/{claim["id"]}/reject", departmentKey,
                    new { reason = "请补充借款人困难党员认定材料后重新申报" }, ct: ct);
                _claimAgainFrom[lenders[^1].Id] = ParseDate(claim["periodStart"]);
                rejectedOne = true;
                continue;
            }
            await CallAsync(HttpMethod.Post, $"/api/v1/subsidy-claims/{claim["id"]}/approve", departmentKey, ct: ct);
        }
        foreach (var lender in lenders)
        {
            var start = _claimAgainFrom.Remove(lender.Id, out var again) ? again
                : quarterStart < programStart ? programStart : quarterStart;
            try
            {
                var claim = await CallAsync(HttpMethod.Post, $"/api/v1/subsidy-programs/{programId}/claims", lender.Key,
                    new { periodStart = start.Iso(), periodEnd = periodEnd.Iso() }, ct: ct);
                _claims.Add(claim["id"]!.GetValue<Guid>());
                Report($"claim round {round}: {lender.Name} claims {claim["total"]} to {periodEnd:yyyy-MM-dd}");
            }
            catch (DemoSeedException e) when (e.Code == ErrorCodes.ClaimNothingToClaim)
            {
                // Nothing earned yet in this round: no claim.
            }
        }
    }

    private async Task<List<JsonNode>> LinesAsync(string key, CancellationToken ct)
    {
        var lines = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = await CallAsync(HttpMethod.Get,
                "/api/v1/credit-lines?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), key, ct: ct);
            lines.AddRange(page["items"]!.AsArray().Select(i => i!));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        return lines;
    }

    private async Task CloseThroughAsync(LocalDate through, CancellationToken ct) =>
        await CallAsync(HttpMethod.Post, "/api/v1/operations/close-business-day", operatorKey, new { through = through.Iso() }, ct: ct);

    /// <summary>The settlement dates (结息日) from the first business date through the last day closed.</summary>
    private List<LocalDate> SettlementDates(LocalDate first, LocalDate last)
    {
        var dates = new List<LocalDate>();
        for (var date = first; date <= last; date = date.PlusDays(1))
            if (settings.IsSettlementDay(date)) dates.Add(date);
        return dates;
    }

    /// <summary>The last day of the calendar quarter before the one <paramref name="date"/> is in.</summary>
    private static LocalDate QuarterEndBefore(LocalDate date) =>
        new LocalDate(date.Year, (date.Month - 1) / 3 * 3 + 1, 1).PlusDays(-1);

    /// <summary>
    /// One API call with the caller's key. A 429 (rate limit) or 503 (database busy) changed nothing and
    /// is retried after the wait the service asks for; postings also carry an idempotency key.
    /// </summary>
    private async Task<JsonNode> CallAsync(HttpMethod method, string path, string key, object? body = null,
        string? idempotencyKey = null, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add("X-Api-Key", key);
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            if (body is not null) request.Content = JsonContent.Create(body);
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && attempt < 30)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
                continue;
            }
            if (!response.IsSuccessStatusCode)
            {
                string? code = null;
                try { code = JsonNode.Parse(text)?["code"]?.GetValue<string>(); } catch (System.Text.Json.JsonException) { }
                throw new DemoSeedException($"{method} {path} was answered {(int)response.StatusCode}: {text}", code);
            }
            return JsonNode.Parse(text) ?? throw new DemoSeedException($"{method} {path} answered nothing.");
        }
    }

    private static LocalDate ParseDate(JsonNode? node) => Iso.Parse(node!.GetValue<string>()).GetValueOrThrow();

    private void Report(string message) => progress?.Invoke(message);
}

internal static class DemoDates
{
    /// <summary>A date as the API writes it: <c>2026-12-21</c>.</summary>
    public static string Iso(this LocalDate date) => LocalDatePattern.Iso.Format(date);
}
