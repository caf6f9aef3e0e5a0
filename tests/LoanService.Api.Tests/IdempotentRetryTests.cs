using System.Collections.Concurrent;
using System.Net;
using LoanService.Api.Tests.Support;

namespace LoanService.Api.Tests;

/// <summary>
/// A client that retries: every posting is sent three times at once with the same Idempotency-Key.
/// Exactly one journal entry per key, the three answers carry the same bytes (two of them say
/// <c>Idempotent-Replayed: true</c>), and every line's journal sums to its balances. The issue's
/// full 10,000 postings over 200 lines run on PostgreSQL when <c>LOANSERVICE_TEST_RETRY_POSTINGS</c>
/// says so (<c>.ci/run</c> sets 10000); otherwise 1,000 over 100 lines keep the suite quick. SQLite,
/// whose writers queue on one file, does 300 over 20.
/// </summary>
public abstract class IdempotentRetryTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    protected abstract int Lines { get; }
    protected abstract int Postings { get; }
    private const int Copies = 3;
    private const int KeysInFlight = 16;

    private sealed record Posting(string Key, Guid LineId, string Kind, decimal Amount);

    /// <summary>
    /// A 503 (the database busy; nothing was changed) is not an answer about the posting: a client
    /// sends the same request with the same key again, as it would after a timeout.
    /// </summary>
    private static async Task<Response> PostAsAClientWould(ApiClient client, string path, decimal amount, string key)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await client.PostAsync(path, new { amount }, key);
            if (answer.Status != HttpStatusCode.ServiceUnavailable || attempt == 5) return answer;
            await Task.Delay(TimeSpan.FromSeconds(int.Parse(answer.Headers.GetValueOrDefault("Retry-After", "1"),
                System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [DatabaseFact]
    public async Task EveryPostingSentThreeTimesAtOnce_IsPostedOnce_AndAnsweredIdentically()
    {
        var (coop, _) = await factory.Operator().CreateCooperativeAsync(factory);
        var lines = new List<Guid>();
        for (var i = 0; i < Lines; i++)
            lines.Add((await coop.OpenLineAsync(limit: 200_000m))["id"]!.GetValue<Guid>());

        // First an opening draw of 100,000 on every line, then small draws and repayments in any
        // order: at most 25,000 either way per line, so none can be refused whatever order they land in.
        var random = new Random(20260105);
        var opening = lines.Select((id, i) => new Posting($"open-{i}", id, "draws", 100_000m)).ToList();
        var rest = Enumerable.Range(0, Postings - Lines).Select(i =>
        {
            var id = lines[i % Lines];
            var amount = Math.Round((decimal)(1 + random.Next(0, 49_999)) / 100m, 2); // 0.01 … 499.99
            return random.Next(2) == 0
                ? new Posting($"draw-{i}", id, "draws", amount)
                : new Posting($"repay-{i}", id, "repayments", amount);
        }).OrderBy(_ => random.Next()).ToList();

        var answers = new ConcurrentDictionary<string, Response[]>();
        foreach (var batch in new[] { opening, rest })
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = KeysInFlight }, async (p, _) =>
            {
                answers[p.Key] = await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ => Task.Run(() =>
                    PostAsAClientWould(coop, $"/api/v1/credit-lines/{p.LineId}/{p.Kind}", p.Amount, p.Key))));
            });

        Assert.Equal(Postings, answers.Count);
        var refused = answers.Where(kv => kv.Value.Any(a => a.Status != HttpStatusCode.Created))
            .OrderBy(kv => kv.Key.StartsWith("open-", StringComparison.Ordinal) ? 0 : 1)
            .Select(kv => $"{kv.Key}: {string.Join(" | ", kv.Value.Select(a => $"{(int)a.Status} {a.Body}"))}").ToList();
        Assert.True(refused.Count == 0, $"{refused.Count} postings not answered 201, e.g.\n{string.Join("\n", refused.Take(2))}\n{string.Join("\n", factory.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Take(2))}");
        var transactionIds = new HashSet<Guid>();
        foreach (var (key, three) in answers)
        {
            Assert.All(three, a => Assert.True(a.Status == HttpStatusCode.Created, $"{key}: {(int)a.Status} {a.Body}"));
            Assert.Single(three.Select(a => a.Body).Distinct());
            Assert.Single(three.Select(a => a.ContentType).Distinct());
            Assert.Single(three.Select(a => a.Headers.GetValueOrDefault("Location")).Distinct());
            // The first to commit answers; the others lose the race on the key and replay its answer.
            Assert.Equal(Copies - 1, three.Count(a => a.Headers.GetValueOrDefault("Idempotent-Replayed") == "true"));
            Assert.True(transactionIds.Add(three[0].Json["transactionId"]!.GetValue<Guid>()), key);
        }

        var journalled = 0;
        foreach (var id in lines)
        {
            var entries = new List<System.Text.Json.Nodes.JsonNode>();
            string? cursor = null;
            do
            {
                var page = (await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions?limit=200" +
                                                (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")))
                    .Expect(HttpStatusCode.OK);
                entries.AddRange(page["items"]!.AsArray().Select(e => e!));
                cursor = page["nextCursor"]?.GetValue<string>();
            } while (cursor is not null);

            Assert.All(entries, e => Assert.Contains(e["kind"]!.GetValue<string>(), new[] { "Draw", "Repayment" }));
            Assert.All(entries, e => Assert.Contains(e["id"]!.GetValue<Guid>(), transactionIds));
            Assert.Equal(Enumerable.Range(1, entries.Count), entries.Select(e => e["sequence"]!.GetValue<int>()));
            journalled += entries.Count;

            var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
            foreach (var component in new[] { "principal", "overduePrincipal", "billedInterest", "overdueInterest" })
                Assert.Equal(line.Money(component), entries.Sum(e => e["change"]!.Money(component)));
            Assert.Equal(line.Money("principal"), entries[^1]["balancesAfter"]!.Money("principal"));
        }
        Assert.Equal(Postings, journalled);
    }

    /// <summary>
    /// Copies of a draw of the whole limit: a copy that read before the first committed finds the
    /// line with nothing left to draw. It must not be refused (422) for a draw that was made: it is
    /// answered the first's 201.
    /// </summary>
    [DatabaseFact]
    public async Task CopiesOfADrawOfTheWholeLimit_AreAllAnsweredTheFirstsAnswer()
    {
        var (coop, _) = await factory.Operator().CreateCooperativeAsync(factory);
        var lines = new List<Guid>();
        for (var i = 0; i < 30; i++)
            lines.Add((await coop.OpenLineAsync(limit: 50_000m))["id"]!.GetValue<Guid>());

        var answers = await Task.WhenAll(lines.Select(id => Task.WhenAll(Enumerable.Range(0, Copies).Select(_ =>
            Task.Run(() => PostAsAClientWould(coop, $"/api/v1/credit-lines/{id}/draws", 50_000m, $"all-{id}"))))));

        foreach (var three in answers)
        {
            Assert.All(three, a => Assert.True(a.Status == HttpStatusCode.Created, $"{(int)a.Status} {a.Body}"));
            Assert.Single(three.Select(a => a.Body).Distinct());
            Assert.Equal(Copies - 1, three.Count(a => a.Headers.GetValueOrDefault("Idempotent-Replayed") == "true"));
        }
        foreach (var id in lines)
        {
            var journal = (await coop.GetAsync($"/api/v1/credit-lines/{id}/transactions")).Expect(HttpStatusCode.OK);
            Assert.Single(journal["items"]!.AsArray());
            var line = (await coop.GetAsync($"/api/v1/credit-lines/{id}")).Expect(HttpStatusCode.OK);
            Assert.Equal(50_000.00m, line.Money("principal"));
            Assert.Equal(0.00m, line.Money("available"));
        }
    }
}

public sealed class IdempotentRetryTestsOnSqlite(UnthrottledSqliteApiFactory factory) : IdempotentRetryTests<UnthrottledSqliteApiFactory>(factory)
{
    protected override int Lines => 20;
    protected override int Postings => 300;
}

public sealed class IdempotentRetryTestsOnPostgres(UnthrottledPostgresApiFactory factory)
    : IdempotentRetryTests<UnthrottledPostgresApiFactory>(factory), IPostgresTests
{
    public const string PostingsVariable = "LOANSERVICE_TEST_RETRY_POSTINGS";

    protected override int Postings =>
        int.TryParse(Environment.GetEnvironmentVariable(PostingsVariable), out var n) && n > 0 ? n : 1_000;

    protected override int Lines => Math.Clamp(Postings / 50, 1, 200);
}
