using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace LoanService.Load;

/// <summary>
/// HTTP load test of LoanService on PostgreSQL over loopback: builds the service in Release, runs it
/// as a separate process on a fresh database, seeds lines, then drives closed-loop phases.
/// </summary>
public static class Program
{
    private const string OperatorKey = "op-load-key";

    public static async Task<int> Main(string[] args)
    {
        var o = Options.Parse(args);
        var root = FindRoot();
        Console.WriteLine($"repo {root}; database {o.Database}; url {o.Url}; {Environment.ProcessorCount} cores");

        if (!o.NoBuild)
        {
            var build = Process.Start(new ProcessStartInfo("dotnet", "build -c Release -v q -nologo src/LoanService.Api")
                { WorkingDirectory = root })!;
            await build.WaitForExitAsync();
            if (build.ExitCode != 0) { Console.Error.WriteLine("build failed"); return 1; }
        }
        await RecreateDatabaseAsync(o);

        var dll = Path.Combine(root, "src/LoanService.Api/bin/Release/net10.0/LoanService.Api.dll");
        var psi = new ProcessStartInfo("dotnet", $"\"{dll}\"")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.Environment["Database__Provider"] = "Postgres";
        psi.Environment["ConnectionStrings__LoanService"] = o.ServiceConnectionString;
        psi.Environment["LoanService__OperatorApiKey"] = OperatorKey;
        psi.Environment["LoanService__FirstBusinessDate"] = "2026-01-05";
        psi.Environment["Urls"] = o.Url;
        psi.Environment["Scheduler__Enabled"] = "false";
        // The load stands for every partner at once through one key: measure capacity, not the per-key limit.
        psi.Environment["RateLimiting__PermitsPerSecond"] = "1000000";
        psi.Environment["RateLimiting__Burst"] = "1000000"; // a bucket never holds more than its burst
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Sms__Gateway"] = "File";
        using var service = Process.Start(psi)!;
        service.OutputDataReceived += (_, e) => { if (e.Data is { } d) Console.WriteLine("  [service] " + d); };
        service.ErrorDataReceived += (_, e) => { if (e.Data is { } d) Console.WriteLine("  [service!] " + d); };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            return await RunAsync(o, service);
        }
        finally
        {
            if (!service.HasExited) { service.Kill(); await service.WaitForExitAsync(); }
        }
    }

    private static async Task<int> RunAsync(Options o, Process service)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None, UseProxy = false,
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(o.Url), Timeout = TimeSpan.FromSeconds(30) };
        await WaitReadyAsync(http);
        var rss = new RssSampler(service.Id);
        Console.WriteLine($"service pid {service.Id}, RSS after start {rss.Sample() / 1024} MiB");

        var (coopKey, lines) = await SeedAsync(http, o.Lines);
        Console.WriteLine($"seeded {lines.Length} lines; RSS {rss.Sample() / 1024} MiB");
        var load = new Load(http, coopKey, lines);

        var rows = new List<string>();
        if (o.SoakSeconds > 0 && o.Wrk && WrkLoad.Available)
        {
            await load.RunAsync("warm-up", 16, 8, TimeSpan.FromSeconds(o.Warmup), rss, quiet: true);
            var wrk = new WrkLoad(o, coopKey, lines, rss);
            rows.AddRange(await wrk.SoakAsync(o.SoakReadWorkers, o.SoakPostWorkers, o.SoakSeconds));
            load.TotalErrors += wrk.TotalErrors;
        }
        else if (o.SoakSeconds > 0)
        {
            await load.RunAsync("warm-up", o.ReadWorkers, o.PostWorkers, TimeSpan.FromSeconds(10), rss, quiet: true);
            var r = await load.RunAsync("soak (mixed)", o.SoakReadWorkers, o.SoakPostWorkers, TimeSpan.FromSeconds(o.SoakSeconds), rss,
                perMinute: true);
            rows.AddRange(r);
        }
        else if (o.Hold)
        {
            // For profiling: leave the seeded service running with wrk scripts written, until killed.
            var wrk = new WrkLoad(o, coopKey, lines, rss);
            foreach (var posting in new[] { false, true })
                Console.WriteLine($"wrk -t1 -c16 -d20s -s {await wrk.WriteScriptAsync(posting)} {o.Url}");
            await service.WaitForExitAsync();
        }
        else if (o.Wrk && WrkLoad.Available)
        {
            await load.RunAsync("warm-up", 16, 8, TimeSpan.FromSeconds(o.Warmup), rss, quiet: true);
            var wrk = new WrkLoad(o, coopKey, lines, rss);
            // Each wrk phase is warmed up by a run of its own first (tiered JIT, prepared statements).
            await wrk.RunAsync("warm-up", o.ReadWorkers, posting: false, o.Warmup);
            rows.Add(await wrk.RunAsync("reads — line reads", o.ReadWorkers, posting: false, o.Seconds));
            await wrk.RunAsync("warm-up", o.PostWorkers, posting: true, o.Warmup);
            rows.Add(await wrk.RunAsync("postings — draws+repayments", o.PostWorkers, posting: true, o.Seconds));
            load.TotalErrors += wrk.TotalErrors;
        }
        else
        {
            await load.RunAsync("warm-up", 16, 8, TimeSpan.FromSeconds(o.Warmup), rss, quiet: true);
            rows.AddRange(await load.RunAsync("reads", o.ReadWorkers, 0, TimeSpan.FromSeconds(o.Seconds), rss));
            rows.AddRange(await load.RunAsync("postings", 0, o.PostWorkers, TimeSpan.FromSeconds(o.Seconds), rss));
        }
        Console.WriteLine();
        Console.WriteLine("| phase | concurrency | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors | RSS MiB (min–max) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows) Console.WriteLine(row);
        Console.WriteLine(load.TotalErrors == 0 ? "no errors" : $"{load.TotalErrors} errors");
        return load.TotalErrors == 0 ? 0 : 2;
    }

    private static async Task WaitReadyAsync(HttpClient http)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                using var r = await http.GetAsync("/health/ready");
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException("the service did not become ready");
    }

    private static async Task RecreateDatabaseAsync(Options o)
    {
        await using var conn = new NpgsqlConnection(o.AdminConnectionString);
        await conn.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{o.Database}\" WITH (FORCE)", conn))
            await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{o.Database}\"", conn))
            await create.ExecuteNonQueryAsync();
    }

    /// <summary>One cooperative; <paramref name="count"/> borrowers, each with a 200,000 line drawn 10,000.</summary>
    private static async Task<(string Key, Guid[] Lines)> SeedAsync(HttpClient http, int count)
    {
        var sw = Stopwatch.StartNew();
        var coop = await SendAsync(http, HttpMethod.Post, "/api/v1/cooperatives", OperatorKey,
            new { name = "压测农村信用合作联社", signature = "压测农信" });
        var key = coop["apiKey"]!.GetValue<string>();
        var lines = new Guid[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var borrower = await SendAsync(http, HttpMethod.Post, "/api/v1/borrowers", key, new
            {
                name = "借款人" + i, residentId = ResidentId(i), mobile = "+86138" + (10000000 + i).ToString(CultureInfo.InvariantCulture),
                regionCode = "350982101", partyBranch = "第一党支部", inDifficulty = true, registeredPoor = false,
                smsOptOut = i % 10 == 0,
            });
            var line = await SendAsync(http, HttpMethod.Post, "/api/v1/credit-lines", key, new
            {
                borrowerId = borrower["id"]!.GetValue<Guid>(), limit = 200000m, annualRate = 0.0435m, termMonths = 12,
            });
            var id = line["id"]!.GetValue<Guid>();
            await SendAsync(http, HttpMethod.Post, $"/api/v1/credit-lines/{id}/draws", key, new { amount = 10000m },
                "seed-" + id);
            lines[i] = id;
        });
        Console.WriteLine($"seeding took {sw.Elapsed.TotalSeconds:F1} s");
        return (key, lines);
    }

    private static string ResidentId(int i)
    {
        // Vary the birth date so that more than 1,000 stay unique.
        var birth = new DateOnly(1960, 1, 1).AddDays(i / 1000);
        var first17 = "350982" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (i % 1000).ToString("D3", CultureInfo.InvariantCulture);
        return first17 + CheckCharacter(first17);
    }

    private static char CheckCharacter(string first17)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * weights[i];
        return "10X98765432"[sum % 11];
    }

    private static async Task<JsonNode> SendAsync(HttpClient http, HttpMethod method, string path, string key, object body,
        string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", key);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LoanService.sln"))) return dir.FullName;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LoanService.sln"))) return dir.FullName;
        throw new InvalidOperationException("LoanService.sln not found above the current directory");
    }
}

internal sealed record Options(string AdminConnectionString, string Database, string Url, int Lines, int Seconds, int Warmup,
    int ReadWorkers, int PostWorkers, int SoakSeconds, int SoakReadWorkers, int SoakPostWorkers, bool NoBuild, bool Wrk, int WrkThreads, bool Hold)
{
    public string ServiceConnectionString =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = Database }.ConnectionString;

    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        return new Options(
            Get("--pg", Environment.GetEnvironmentVariable("LOANSERVICE_LOAD_POSTGRES")
                        ?? "Host=127.0.0.1;Username=loan;Password=loan;Database=postgres;SSL Mode=Disable"),
            Get("--database", "loanservice_load"), Get("--url", "http://127.0.0.1:5099"), Int("--lines", 1000),
            Int("--seconds", 30), Int("--warmup", 10), Int("--read-workers", 16), Int("--post-workers", 16),
            Int("--soak", 0), Int("--soak-read-workers", 16), Int("--soak-post-workers", 8), args.Contains("--no-build"),
            !args.Contains("--dotnet-client"), Int("--wrk-threads", 1), args.Contains("--hold"));
    }
}

/// <summary>The service's resident set size from <c>/proc/&lt;pid&gt;/status</c>, in KiB.</summary>
internal sealed class RssSampler(int pid)
{
    public long Sample()
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        return 0;
    }
}

/// <summary>Closed-loop workers: each sends its next request when the previous answer is in.</summary>
internal sealed class Load(HttpClient http, string key, Guid[] lines)
{
    private long _postingSequence;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    public long TotalErrors { get; set; }

    private sealed class Stats
    {
        public readonly List<long> Ticks = new(1 << 16);
        public long Errors;
        public string? FirstError;
    }

    public async Task<List<string>> RunAsync(string phase, int readers, int posters, TimeSpan duration, RssSampler rss,
        bool quiet = false, bool perMinute = false)
    {
        using var stop = new CancellationTokenSource();
        var readStats = Enumerable.Range(0, readers).Select(_ => new Stats()).ToArray();
        var postStats = Enumerable.Range(0, posters).Select(_ => new Stats()).ToArray();
        var rssSamples = new List<long>();
        var minutes = new List<string>();
        var sw = Stopwatch.StartNew();
        var workers = readStats.Select((s, i) => Task.Run(() => ReadLoop(s, i, stop.Token)))
            .Concat(postStats.Select((s, i) => Task.Run(() => PostLoop(s, i, stop.Token)))).ToArray();
        var lastMinuteCount = 0L;
        while (sw.Elapsed < duration)
        {
            await Task.Delay(1000);
            rssSamples.Add(rss.Sample());
            if (perMinute && rssSamples.Count % 60 == 0)
            {
                long count = 0;
                // Counts are read racily for progress only; the final table uses the settled lists.
                foreach (var s in readStats.Concat(postStats)) lock (s) count += s.Ticks.Count;
                var window = rssSamples.Skip(rssSamples.Count - 60).ToList();
                var line = $"| {rssSamples.Count / 60} | {window.Min() / 1024} | {window.Max() / 1024} | {window.Last() / 1024} | {(count - lastMinuteCount) / 60.0:F0} |";
                minutes.Add(line);
                Console.WriteLine("minute " + line);
                lastMinuteCount = count;
            }
        }
        stop.Cancel();
        await Task.WhenAll(workers);
        var seconds = sw.Elapsed.TotalSeconds;
        var rows = new List<string>();
        if (readers > 0) rows.Add(Row(phase + " — line reads", readers, readStats, seconds, rssSamples));
        if (posters > 0) rows.Add(Row(phase + " — draws+repayments", posters, postStats, seconds, rssSamples));
        if (!quiet)
            foreach (var r in rows) Console.WriteLine(r);
        foreach (var s in readStats.Concat(postStats).Where(s => s.FirstError is not null))
        {
            Console.WriteLine("first error: " + s.FirstError);
            break;
        }
        if (perMinute)
        {
            Console.WriteLine();
            Console.WriteLine("| minute | RSS min MiB | RSS max MiB | RSS at end MiB | requests/s |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var m in minutes) Console.WriteLine(m);
        }
        if (!quiet) TotalErrors += readStats.Concat(postStats).Sum(s => s.Errors);
        return quiet ? [] : rows;
    }

    private static string Row(string phase, int concurrency, Stats[] stats, double seconds, List<long> rss)
    {
        var all = stats.SelectMany(s => s.Ticks).ToArray();
        Array.Sort(all);
        double Ms(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))] * 1000.0 / Stopwatch.Frequency;
        var max = all.Length == 0 ? 0 : all[^1] * 1000.0 / Stopwatch.Frequency;
        var errors = stats.Sum(s => s.Errors);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {phase} | {concurrency} | {all.Length / seconds:F0} | {Ms(0.50):F1} | {Ms(0.95):F1} | {Ms(0.99):F1} | {max:F1} | {errors} | {(rss.Count == 0 ? 0 : rss.Min() / 1024)}–{(rss.Count == 0 ? 0 : rss.Max() / 1024)} |");
    }

    private async Task ReadLoop(Stats stats, int worker, CancellationToken stop)
    {
        var random = new Random(worker);
        while (!stop.IsCancellationRequested)
        {
            var id = lines[random.Next(lines.Length)];
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/credit-lines/{id}");
            request.Headers.Add("X-Api-Key", key);
            await TimeAsync(stats, request);
        }
    }

    private async Task PostLoop(Stats stats, int worker, CancellationToken stop)
    {
        var random = new Random(1000 + worker);
        while (!stop.IsCancellationRequested)
        {
            var id = lines[random.Next(lines.Length)];
            var draw = random.Next(2) == 0;
            // Small amounts: a line of 200,000 drawn 10,000 never refuses a draw of 1–20 or a repayment of 1–5.
            var amount = draw ? random.Next(1, 21) : random.Next(1, 6);
            var path = $"/api/v1/credit-lines/{id}/{(draw ? "draws" : "repayments")}";
            using var request = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = new StringContent($"{{\"amount\":{amount}}}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Api-Key", key);
            request.Headers.Add("Idempotency-Key", $"load-{_runId}-{Interlocked.Increment(ref _postingSequence)}");
            await TimeAsync(stats, request);
        }
    }

    private async Task TimeAsync(Stats stats, HttpRequestMessage request)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            if (!response.IsSuccessStatusCode)
            {
                stats.Errors++;
                stats.FirstError ??= $"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            stats.Errors++;
            stats.FirstError ??= $"{request.Method} {request.RequestUri}: {e.GetType().Name} {e.Message}";
        }
        var elapsed = Stopwatch.GetTimestamp() - start;
        lock (stats) stats.Ticks.Add(elapsed);
    }
}
