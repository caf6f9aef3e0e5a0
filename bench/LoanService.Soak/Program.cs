// Crash soak: the real service process, killed with SIGKILL at random moments during a posting load
// and during close of business, restarted, N times; then checks that nothing acknowledged was lost,
// nothing was posted twice, every journal sums to its line, and the closes all finished.
// Usage: dotnet run -c Release --project bench/LoanService.Soak -- [--rounds 20] [--lines 50] [--seed 1] [--no-build] [--keep-db]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Npgsql;

var rounds = IntArg("--rounds", 20);
var lineCount = IntArg("--lines", 50);
var seed = IntArg("--seed", Environment.TickCount);
var build = !args.Contains("--no-build");
var keepDb = args.Contains("--keep-db");
var server = Environment.GetEnvironmentVariable("LOANSERVICE_SOAK_POSTGRES") is { Length: > 0 } s
    ? s : "Host=127.0.0.1;Username=loan;Password=loan;Database=postgres";
const string operatorKey = "lsk_soak_operator_key_00000000000000000000";
var firstDate = new DateOnly(2026, 1, 5);
var random = new Random(seed);
var started = Stopwatch.StartNew();

var root = Directory.GetCurrentDirectory();
while (!File.Exists(Path.Combine(root, "LoanService.sln")))
    root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Run from inside the repository.");
if (build)
{
    Console.WriteLine("Building src/LoanService.Api (Release)…");
    using var b = Process.Start(new ProcessStartInfo("dotnet", "build -c Release -v q -nologo src/LoanService.Api") { WorkingDirectory = root })!;
    await b.WaitForExitAsync();
    if (b.ExitCode != 0) { Console.Error.WriteLine("build failed"); return 2; }
}

var dbName = $"loanservice_soak_{Guid.NewGuid():N}"[..40];
await using (var c = new NpgsqlConnection(server))
{
    await c.OpenAsync();
    await new NpgsqlCommand($"CREATE DATABASE \"{dbName}\"", c).ExecuteNonQueryAsync();
}
var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = dbName }.ConnectionString;
var workDir = Directory.CreateTempSubdirectory("loanservice-soak-").FullName;
var port = FreePort();
var service = new Service(root, workDir, connectionString, operatorKey, port);
Console.WriteLine($"seed {seed}, {rounds} rounds, {lineCount} lines, database {dbName}, port {port}, logs {workDir}/service.log");

var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
{
    BaseAddress = new Uri($"http://127.0.0.1:{port}/api/v1/"), Timeout = TimeSpan.FromSeconds(60),
};
var violations = new List<string>();
var postings = new ConcurrentBag<Posting>();
int kills = 0, killsDuringClose = 0, closesBeforeKillStarted = 0, closesFinishedBeforeKill = 0, retried = 0,
    retriedReplayed = 0, refused = 0, datesRequested = 0, nextKey = 0;

await service.StartAsync();
var coopKey = (await Send(HttpMethod.Post, "cooperatives", operatorKey, new { name = "福鼎市农村信用合作联社", signature = "福鼎农信" }))
    .Json!["apiKey"]!.GetValue<string>();
var lines = new List<Guid>();
for (var i = 0; i < lineCount; i++)
{
    var borrower = (await Send(HttpMethod.Post, "borrowers", coopKey, new
    {
        name = "张三丰", residentId = ResidentId(i), mobile = "+86 138 1234 5678", regionCode = "350982101",
        partyBranch = "硖门畲族乡第一党支部", inDifficulty = true, registeredPoor = false, smsOptOut = false,
    })).Json!["id"]!.GetValue<Guid>();
    lines.Add((await Send(HttpMethod.Post, "credit-lines", coopKey, new { borrowerId = borrower, limit = 200_000m, annualRate = 0.0435m, termMonths = 12 }))
        .Json!["id"]!.GetValue<Guid>());
}
// Opening draws: 100,000 on each line, so later draws and repayments of at most 500 are never refused.
foreach (var line in lines)
{
    var p = NewPosting(line, "draws", 100_000m);
    if (await Post(p) != Outcome.Acked) violations.Add($"opening draw {p.Key} not acknowledged");
}

for (var round = 1; round <= rounds; round++)
{
    var withClose = round % 4 == 3;
    var stop = new CancellationTokenSource();
    var before = postings.Count(p => p.State == PostingState.Acked);
    var load = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            var amount = Math.Round(Random.Shared.Next(1, 50_000) / 100m, 2);
            await Post(NewPosting(lines[Random.Shared.Next(lines.Count)], Random.Shared.Next(2) == 0 ? "draws" : "repayments", amount));
        }
    })).ToList();

    Task<Answer>? close = null;
    DateOnly through = default, closeFrom = default;
    if (withClose)
    {
        await Task.Delay(random.Next(200, 800));
        var current = closeFrom = await BusinessDate();
        var days = random.Next(2, 5);
        through = current.AddDays(days - 1);
        datesRequested += days;
        close = Send(HttpMethod.Post, "operations/close-business-day", operatorKey, new { through = Iso(through) },
            throwOnError: false, timeout: TimeSpan.FromMinutes(5));
        // Kill once a random number of the close's commits (chunks done, dates completed) have landed.
        var chunks = days * ((lines.Count + 4) / 5);
        var target = random.Next(1, chunks);
        var waited = Stopwatch.StartNew();
        while (await CloseCommitsSinceAsync(closeFrom) < target && !close.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(5);
    }
    else await Task.Delay(random.Next(300, 4000));

    stop.Cancel(); // no new requests; those in flight are cut by the kill
    service.Kill();
    kills++;
    await Task.WhenAll(load);
    var closeAnswered = close is not null && (await close).Status == HttpStatusCode.OK;
    var atKill = postings.Count(p => p.State == PostingState.Acked) - before;
    var unanswered = postings.Count(p => p.State == PostingState.Pending);

    string closeNote = "";
    if (withClose)
    {
        var (date, runs, completed) = await CloseStateFromSql();
        var expected = through.AddDays(1);
        if (date == expected) { closesFinishedBeforeKill++; closeNote = closeAnswered ? "close had finished" : "close had finished, its answer lost"; }
        else if (date == closeFrom && runs == 0) { closesBeforeKillStarted++; closeNote = "killed before the close began"; }
        else { killsDuringClose++; closeNote = $"killed mid-close: business date {Iso(date)} of {Iso(expected)}, {completed}/{runs} runs completed"; }
    }

    await service.StartAsync();
    // The client's duty: every request that got no answer is sent again with the same key.
    for (var pass = 0; pass < 20 && postings.Any(p => p.State == PostingState.Pending); pass++)
        await Parallel.ForEachAsync(postings.Where(p => p.State == PostingState.Pending).ToList(),
            new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (p, _) =>
            {
                Interlocked.Increment(ref retried);
                if (await Post(p) == Outcome.Acked && p.Replayed) Interlocked.Increment(ref retriedReplayed);
            });
    if (withClose && await BusinessDate() <= through)
    {
        var again = await Send(HttpMethod.Post, "operations/close-business-day", operatorKey, new { through = Iso(through) }, throwOnError: false, timeout: TimeSpan.FromMinutes(5));
        if (again.Status != HttpStatusCode.OK) violations.Add($"round {round}: the close after restart answered {(int)again.Status} {again.Body}");
    }
    Console.WriteLine($"round {round,2}: {atKill,5} postings acknowledged before the kill, {unanswered,3} unanswered then retried" +
                      (withClose ? $"; close through {Iso(through)}: {closeNote}" : ""));
}

// ---- verification ----
var acked = postings.Where(p => p.State == PostingState.Acked).ToList();
foreach (var p in postings.Where(p => p.State == PostingState.Pending)) violations.Add($"{p.Key} never answered");
await using var db = new NpgsqlConnection(connectionString);
await db.OpenAsync();
var journal = new Dictionary<Guid, Guid>();
await using (var r = await new NpgsqlCommand("""SELECT "Id", "LineId" FROM "JournalEntries" WHERE "Kind" IN ('Draw','Repayment')""", db).ExecuteReaderAsync())
    while (await r.ReadAsync()) journal[r.GetGuid(0)] = r.GetGuid(1);
foreach (var p in acked)
{
    if (!journal.TryGetValue(p.TransactionId, out var lineId)) violations.Add($"LOST: {p.Key} acknowledged as {p.TransactionId}, not in the journal");
    else if (lineId != p.Line) violations.Add($"{p.Key}: {p.TransactionId} is on line {lineId}, not {p.Line}");
}
var ackedIds = acked.Select(p => p.TransactionId).ToHashSet();
if (ackedIds.Count != acked.Count) violations.Add("two keys were answered with the same transaction");
foreach (var extra in journal.Keys.Where(id => !ackedIds.Contains(id))) violations.Add($"DOUBLED/orphan: journal entry {extra} answers no key");
var records = new Dictionary<string, Guid>();
await using (var r = await new NpgsqlCommand("""SELECT "Key", "ResponseBody" FROM "IdempotencyRecords" WHERE "StatusCode" = 201""", db).ExecuteReaderAsync())
    while (await r.ReadAsync())
        if (JsonNode.Parse(r.GetString(1))?["transactionId"]?.GetValue<Guid>() is { } tx) records[r.GetString(0)] = tx;
foreach (var p in acked)
    if (!records.TryGetValue(p.Key, out var tx) || tx != p.TransactionId) violations.Add($"{p.Key}: the stored answer is not the one given");
var keysPerEntry = records.GroupBy(kv => kv.Value).Where(g => g.Count() > 1).ToList();
foreach (var g in keysPerEntry) violations.Add($"journal entry {g.Key} stored for keys {string.Join(",", g.Select(kv => kv.Key))}");

// Every line: the journal sums to the last balances, to the line's columns and to what the API shows.
const string sums = """
    SELECT l."Id", l."Principal", l."OverduePrincipal", count(*), max(j."Sequence"),
           sum(j."PrincipalPortion"), sum(j."OverduePrincipalPortion"), sum(j."AccruedInterestPortion"),
           sum(j."BilledInterestPortion"), sum(j."OverdueInterestPortion"), sum(j."PenaltyInterestPortion"),
           (SELECT array[a."PrincipalAfter", a."OverduePrincipalAfter", a."AccruedInterestAfter", a."BilledInterestAfter",
                         a."OverdueInterestAfter", a."PenaltyInterestAfter"]
              FROM "JournalEntries" a WHERE a."LineId" = l."Id" ORDER BY a."Sequence" DESC LIMIT 1)
    FROM "CreditLines" l JOIN "JournalEntries" j ON j."LineId" = l."Id" GROUP BY l."Id"
    """;
var lineSums = new List<(Guid Id, decimal[] Sum)>();
await using (var r = await new NpgsqlCommand(sums, db).ExecuteReaderAsync())
    while (await r.ReadAsync())
    {
        var id = r.GetGuid(0);
        var sum = Enumerable.Range(5, 6).Select(r.GetDecimal).ToArray();
        var last = r.GetFieldValue<decimal[]>(11);
        if (r.GetInt64(3) != r.GetInt32(4)) violations.Add($"line {id}: {r.GetInt64(3)} entries but sequence {r.GetInt32(4)}");
        if (!sum.SequenceEqual(last)) violations.Add($"line {id}: journal sums {string.Join("/", sum)} != last balances {string.Join("/", last)}");
        if (sum[0] != r.GetDecimal(1) || sum[1] != r.GetDecimal(2)) violations.Add($"line {id}: journal principal {sum[0]}/{sum[1]} != line {r.GetDecimal(1)}/{r.GetDecimal(2)}");
        lineSums.Add((id, sum));
    }
if (lineSums.Count != lineCount) violations.Add($"{lineSums.Count} lines have a journal, expected {lineCount}");
foreach (var (id, sum) in lineSums)
{
    var line = (await Send(HttpMethod.Get, $"credit-lines/{id}", coopKey)).Json!;
    var api = new[] { "principal", "overduePrincipal", "accruedInterest", "billedInterest", "overdueInterest", "penaltyInterest" }
        .Select(n => line[n]!.GetValue<decimal>()).ToArray();
    if (!api.SequenceEqual(sum.Select(x => Math.Round(x, 2, MidpointRounding.ToEven))) &&
        !api.SequenceEqual(sum.Select(x => Math.Round(x, 2, MidpointRounding.AwayFromZero))))
        violations.Add($"line {id}: API balances {string.Join("/", api)} != journal sums {string.Join("/", sum)}");
    var postedOnLine = acked.Count(p => p.Line == id);
    var journalOnLine = journal.Values.Count(l => l == id);
    if (postedOnLine != journalOnLine) violations.Add($"line {id}: {postedOnLine} acknowledged postings, {journalOnLine} in the journal");
}

var finalDate = await BusinessDate();
var expectedDate = firstDate.AddDays(datesRequested);
if (finalDate != expectedDate) violations.Add($"business date {Iso(finalDate)}, expected {Iso(expectedDate)} after {datesRequested} closed dates");
var runStates = new List<(DateOnly, string)>();
await using (var r = await new NpgsqlCommand("""SELECT "BusinessDate", "State" FROM "CloseRuns" ORDER BY 1""", db).ExecuteReaderAsync())
    while (await r.ReadAsync()) runStates.Add((r.GetFieldValue<DateOnly>(0), r.GetValue(1).ToString()!));
if (runStates.Count != datesRequested) violations.Add($"{runStates.Count} close runs, expected {datesRequested}");
foreach (var (date, state) in runStates.Where(x => x.Item2 != "Completed")) violations.Add($"close run {Iso(date)} is {state}");
var notDone = (long)(await new NpgsqlCommand("""SELECT count(*) FROM "CloseChunks" WHERE "State" <> 'Done'""", db).ExecuteScalarAsync())!;
if (notDone > 0) violations.Add($"{notDone} close chunks not done");
var behind = (long)(await new NpgsqlCommand($"""SELECT count(*) FROM "CreditLines" WHERE "LastClosedDate" IS DISTINCT FROM DATE '{Iso(finalDate.AddDays(-1))}'""", db).ExecuteScalarAsync())!;
if (datesRequested > 0 && behind > 0) violations.Add($"{behind} lines not closed through {Iso(finalDate.AddDays(-1))}");
var accruals = (long)(await new NpgsqlCommand("""SELECT count(*) FROM "JournalEntries" WHERE "Kind" = 'Accrual'""", db).ExecuteScalarAsync())!;

service.Kill();
await db.CloseAsync();
if (!keepDb)
{
    NpgsqlConnection.ClearAllPools();
    await using var c = new NpgsqlConnection(server);
    await c.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{dbName}\" WITH (FORCE)", c).ExecuteNonQueryAsync();
}

Console.WriteLine();
Console.WriteLine($"seed {seed}: {rounds} rounds in {started.Elapsed.TotalSeconds:F0} s, {kills} kills (-9) of the service, {service.Starts} starts");
Console.WriteLine($"postings: {postings.Count} sent with unique keys, {acked.Count} acknowledged (201), {refused} refused, " +
                  $"{retried} retries of unanswered requests ({retriedReplayed} answered as replays: committed before the kill)");
Console.WriteLine($"journal: {journal.Count} draw/repayment entries, {accruals} accrual entries over {lineSums.Count} lines");
Console.WriteLine($"close: {datesRequested} dates requested in {rounds / 4} calls; kills mid-close {killsDuringClose}, " +
                  $"before it began {closesBeforeKillStarted}, after it finished {closesFinishedBeforeKill}; " +
                  $"business date {Iso(firstDate)} -> {Iso(finalDate)}, {runStates.Count(x => x.Item2 == "Completed")}/{runStates.Count} runs Completed");
Console.WriteLine($"violations: {violations.Count}");
foreach (var v in violations.Take(50)) Console.WriteLine("  " + v);
return violations.Count == 0 ? 0 : 1;

// ---- helpers ----
Posting NewPosting(Guid line, string kind, decimal amount)
{
    var p = new Posting($"soak-{Interlocked.Increment(ref nextKey):000000}", line, kind, amount);
    postings.Add(p);
    return p;
}

async Task<Outcome> Post(Posting p)
{
    var a = await Send(HttpMethod.Post, $"credit-lines/{p.Line}/{p.Kind}", coopKey, new { amount = p.Amount }, throwOnError: false, key: p.Key);
    if (a.Status == HttpStatusCode.Created)
    {
        var tx = a.Json!["transactionId"]!.GetValue<Guid>();
        lock (p)
        {
            if (p.State == PostingState.Acked && p.TransactionId != tx)
                lock (violations) violations.Add($"{p.Key}: answered {p.TransactionId} then {tx}");
            p.TransactionId = tx;
            p.Replayed = a.Replayed;
            p.State = PostingState.Acked;
        }
        return Outcome.Acked;
    }
    if (a.Status == HttpStatusCode.UnprocessableEntity)
    {
        p.State = PostingState.Refused;
        Interlocked.Increment(ref refused);
        lock (violations) violations.Add($"{p.Key} refused: {a.Body}");
        return Outcome.Refused;
    }
    return Outcome.NoAnswer; // no answer, a 5xx or a 409: the client must try again with the same key
}

async Task<Answer> Send(HttpMethod method, string path, string apiKey, object? body = null, bool throwOnError = true,
    string? key = null, TimeSpan? timeout = null)
{
    using var request = new HttpRequestMessage(method, path);
    request.Headers.Add("X-Api-Key", apiKey);
    if (key is not null) request.Headers.Add("Idempotency-Key", key);
    if (body is not null) request.Content = JsonContent.Create(body);
    try
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        using var response = await http.SendAsync(request, cts.Token);
        var text = await response.Content.ReadAsStringAsync(cts.Token);
        var answer = new Answer(response.StatusCode, text,
            response.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Contains("true"));
        if (throwOnError && !response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return answer;
    }
    catch (Exception e) when (!throwOnError && e is HttpRequestException or OperationCanceledException or IOException)
    {
        return new Answer(0, e.Message, false);
    }
}

async Task<DateOnly> BusinessDate() =>
    DateOnly.ParseExact((await Send(HttpMethod.Get, "business-date", operatorKey)).Json!["businessDate"]!.GetValue<string>(), "yyyy-MM-dd");

async Task<long> CloseCommitsSinceAsync(DateOnly from)
{
    await using var c = new NpgsqlConnection(connectionString);
    await c.OpenAsync();
    return (long)(await new NpgsqlCommand("""
        SELECT (SELECT count(*) FROM "CloseChunks" WHERE "BusinessDate" >= @d AND "State" = 'Done')
             + (SELECT count(*) FROM "CloseRuns" WHERE "BusinessDate" >= @d AND "State" = 'Completed')
        """, c) { Parameters = { new("d", from) } }.ExecuteScalarAsync())!;
}

async Task<(DateOnly Date, int Runs, int Completed)> CloseStateFromSql()
{
    await using var c = new NpgsqlConnection(connectionString);
    await c.OpenAsync();
    var date = await new NpgsqlCommand("""SELECT "BusinessDate" FROM "BusinessCalendar" """, c).ExecuteScalarAsync();
    await using var r = await new NpgsqlCommand("""SELECT count(*), count(*) FILTER (WHERE "State" = 'Completed') FROM "CloseRuns" WHERE "BusinessDate" >= @d""", c)
        { Parameters = { new("d", (DateOnly)date!) } }.ExecuteReaderAsync();
    await r.ReadAsync();
    return ((DateOnly)date!, (int)r.GetInt64(0), (int)r.GetInt64(1));
}

int IntArg(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

static int FreePort()
{
    using var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    return ((IPEndPoint)l.LocalEndpoint).Port;
}

static string ResidentId(int i)
{
    var first17 = $"35098219800101{i % 1000:000}";
    int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    var sum = first17.Select((c, k) => (c - '0') * weights[k]).Sum();
    return first17 + "10X98765432"[sum % 11];
}

enum Outcome { Acked, Refused, NoAnswer }

enum PostingState { Pending, Acked, Refused }

sealed record Answer(HttpStatusCode Status, string Body, bool Replayed)
{
    public JsonNode? Json => Body.Length > 0 ? JsonNode.Parse(Body) : null;
}

sealed class Posting(string key, Guid line, string kind, decimal amount)
{
    public string Key { get; } = key;
    public Guid Line { get; } = line;
    public string Kind { get; } = kind;
    public decimal Amount { get; } = amount;
    public volatile PostingState State;
    public Guid TransactionId;
    public bool Replayed;
}

/// <summary>The service as its own process: started from the Release build, killed with SIGKILL.</summary>
sealed class Service(string root, string workDir, string connectionString, string operatorKey, int port)
{
    private Process? _process;
    private readonly StreamWriter _log = new(Path.Combine(workDir, "service.log")) { AutoFlush = true };
    public int Starts { get; private set; }

    public async Task StartAsync()
    {
        var dll = Path.Combine(root, "src/LoanService.Api/bin/Release/net10.0/LoanService.Api.dll");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        psi.Environment["Database__Provider"] = "Postgres";
        psi.Environment["ConnectionStrings__LoanService"] = connectionString;
        psi.Environment["LoanService__OperatorApiKey"] = operatorKey;
        psi.Environment["LoanService__FirstBusinessDate"] = "2026-01-05";
        psi.Environment["Urls"] = $"http://127.0.0.1:{port}";
        psi.Environment["Scheduler__Enabled"] = "false";
        // 16 clients through one key stand for many partners: the per-key limit would answer 429s
        // (retried, never lost) and hide what this soak is for.
        psi.Environment["RateLimiting__PermitsPerSecond"] = "1000000";
        psi.Environment["RateLimiting__Burst"] = "1000000";
        // Small chunks so a close has many commit points to be killed between; a short lease so a
        // chunk left Running by the killed process is taken over in seconds, not the default 2 minutes.
        psi.Environment["CloseOfBusiness__ChunkSize"] = "5";
        psi.Environment["CloseOfBusiness__Lease"] = "00:00:05";
        psi.Environment["CloseOfBusiness__WorkerPollInterval"] = "00:00:01";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = Process.Start(psi)!;
        Starts++;
        _log.WriteLine($"---- start {Starts}, pid {_process.Id}");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited) throw new InvalidOperationException($"The service exited with {_process.ExitCode}; see {workDir}/service.log");
            try
            {
                if ((await probe.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("The service did not become ready in 90 s.");
    }

    public void Kill()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush, no finally blocks
        _process.WaitForExit();
        lock (_log) _log.WriteLine($"---- killed pid {_process.Id}");
        _process.Dispose();
        _process = null;
    }
}
