using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LoanService.Load;

/// <summary>
/// The same closed-loop phases driven by <c>wrk</c> (Debian's package) with a Lua script: one wrk
/// thread in C takes far less of the two cores than the .NET client, leaving them to the service
/// and PostgreSQL it measures. The script picks a random line per request and, for postings, a
/// unique <c>Idempotency-Key</c>; its <c>done</c> hook prints the figures this program reads.
/// </summary>
internal sealed class WrkLoad(Options o, string key, Guid[] lines, RssSampler rss)
{
    /// <summary>Whether <c>wrk</c> is on the PATH; without it the .NET client drives the phases.</summary>
    public static bool Available => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .Any(dir => File.Exists(Path.Combine(dir, "wrk")));

    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    public long TotalErrors { get; private set; }

    /// <summary>One phase: <paramref name="connections"/> connections for <paramref name="seconds"/>; its results row.</summary>
    public async Task<string> RunAsync(string phase, int connections, bool posting, int seconds)
    {
        var run = await StartAsync(connections, posting, seconds);
        var samples = new List<long>();
        while (!run.Process.HasExited)
        {
            samples.Add(rss.Sample());
            await Task.WhenAny(run.Process.WaitForExitAsync(), Task.Delay(1000));
        }
        return await FinishAsync(run, phase, connections, samples);
    }

    /// <summary>
    /// The soak: reads and postings at once, each from its own wrk, for <paramref name="seconds"/>,
    /// the service's RSS sampled every second and reported per minute.
    /// </summary>
    public async Task<List<string>> SoakAsync(int readers, int posters, int seconds)
    {
        var reads = await StartAsync(readers, posting: false, seconds);
        var posts = await StartAsync(posters, posting: true, seconds);
        var samples = new List<long>();
        var minutes = new List<string>();
        var started = Stopwatch.StartNew();
        while (!reads.Process.HasExited || !posts.Process.HasExited)
        {
            await Task.Delay(1000);
            samples.Add(rss.Sample());
            if (samples.Count % 60 != 0) continue;
            var window = samples[^60..];
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {samples.Count / 60} | {window.Min() / 1024} | {window.Max() / 1024} | {window[^1] / 1024} | {started.Elapsed.TotalSeconds:F0} |");
            minutes.Add(line);
            Console.WriteLine("minute " + line);
        }
        var rows = new List<string>
        {
            await FinishAsync(reads, "soak — line reads", readers, samples),
            await FinishAsync(posts, "soak — draws+repayments", posters, samples),
            "",
            "| minute | RSS min MiB | RSS max MiB | RSS at end MiB | seconds since start |",
            "|---|---|---|---|---|",
        };
        rows.AddRange(minutes);
        return rows;
    }

    private sealed record Run(Process Process, Task<string> Output, Task<string> Error);

    private async Task<Run> StartAsync(int connections, bool posting, int seconds)
    {
        var script = await WriteScriptAsync(posting);
        var psi = new ProcessStartInfo("wrk",
            $"-t{o.WrkThreads} -c{connections} -d{seconds}s --timeout 30s -s \"{script}\" {o.Url}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var wrk = Process.Start(psi) ?? throw new InvalidOperationException("wrk did not start");
        return new Run(wrk, wrk.StandardOutput.ReadToEndAsync(), wrk.StandardError.ReadToEndAsync());
    }

    private async Task<string> FinishAsync(Run run, string phase, int connections, List<long> samples)
    {
        await run.Process.WaitForExitAsync();
        var text = await run.Output;
        Console.WriteLine(text);
        Console.Write(await run.Error);
        run.Process.Dispose();
        var result = text.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
                     ?? throw new InvalidOperationException("wrk printed no RESULT line");
        // requests, duration µs, status errors, socket errors, p50, p95, p99, max (µs)
        var f = result.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var errors = (long)(f[2] + f[3]);
        TotalErrors += errors;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {phase} (wrk) | {connections} | {f[0] / (f[1] / 1e6):F0} | {f[4] / 1000:F1} | {f[5] / 1000:F1} | {f[6] / 1000:F1} | {f[7] / 1000:F1} | {errors} | {(samples.Count == 0 ? 0 : samples.Min() / 1024)}–{(samples.Count == 0 ? 0 : samples.Max() / 1024)} |");
    }

    public async Task<string> WriteScriptAsync(bool posting)
    {
        var script = Path.Combine(Path.GetTempPath(), $"loanservice-wrk-{_runId}-{(posting ? "post" : "read")}.lua");
        await File.WriteAllTextAsync(script, Script(posting));
        return script;
    }

    private string Script(bool posting)
    {
        var sb = new StringBuilder();
        sb.Append("local ids = {");
        foreach (var id in lines) sb.Append('"').Append(id).Append("\",");
        sb.AppendLine("}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"local key = \"{key}\"");
        sb.AppendLine(CultureInfo.InvariantCulture, $"local run = \"{_runId}-\" .. os.time()");
        sb.AppendLine("""
            local threads = 0
            function setup(thread)
              threads = threads + 1
              thread:set("tid", threads)
            end
            local counter = 0
            local seeded = false
            function request()
              if not seeded then math.randomseed(os.time() + (tid or 0) * 7919); seeded = true end
              local id = ids[math.random(#ids)]
            """);
        if (posting)
            sb.AppendLine("""
                  counter = counter + 1
                  local draw = math.random(2) == 1
                  local amount = draw and math.random(1, 20) or math.random(1, 5)
                  local path = "/api/v1/credit-lines/" .. id .. (draw and "/draws" or "/repayments")
                  return wrk.format("POST", path, {
                    ["X-Api-Key"] = key, ["Content-Type"] = "application/json",
                    ["Idempotency-Key"] = "wrk-" .. run .. "-" .. tid .. "-" .. counter }, '{"amount":' .. amount .. '}')
                end
                """);
        else
            sb.AppendLine("""
                  return wrk.format("GET", "/api/v1/credit-lines/" .. id, { ["X-Api-Key"] = key })
                end
                """);
        sb.AppendLine("""
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("RESULT %d %d %d %d %d %d %d %d\n", summary.requests, summary.duration, e.status,
                e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(95),
                latency:percentile(99), latency.max))
            end
            """);
        return sb.ToString();
    }
}
