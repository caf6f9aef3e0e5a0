using System.Net;
using System.Text;
using System.Text.Json;
using LoanService.Api.Tests.Support;
using LoanService.Domain.Notices;
using LoanService.Infrastructure.Persistence;
using LoanService.Infrastructure.Sms;
using LoanService.Jobs.NoticeDispatch;
using LoanService.Tests.Sms;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace LoanService.Api.Tests.Sms;

/// <summary>
/// The service on its own database, its IClock a <see cref="SettableClock"/>, its SMS gateway the
/// HTTP one pointed at a <see cref="FakeSmsProvider"/> started for the test.
/// </summary>
public sealed class SmsHost : IAsyncDisposable
{
    private readonly ApiFactory _database;

    public SmsHost(ApiFactory database, SettableClock clock, IDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        _database = database;
        Clock = clock;
        Provider = new FakeSmsProvider(clock.GetCurrentInstant);
        Host = database.WithWebHostBuilder(b =>
        {
            b.UseSetting("Sms:Gateway", "Http");
            b.UseSetting("Sms:BaseUrl", Provider.BaseUrl);
            b.UseSetting("Sms:KeyId", FakeSmsProvider.KeyId);
            b.UseSetting("Sms:Secret", FakeSmsProvider.Secret);
            b.UseSetting("Sms:TimeoutSeconds", "1"); // under the provider's 1.5 s hang, above a loaded CI machine's slowest ordinary answer
            b.UseSetting("Sms:RetriesPerSend", "1");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) b.UseSetting(key, value);
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<IClock>(clock);
                services?.Invoke(s);
            });
        });
    }

    public SettableClock Clock { get; }
    public FakeSmsProvider Provider { get; }
    public WebApplicationFactory<Program> Host { get; }

    /// <summary>Everything the service logged, at every level.</summary>
    public LogCapture Logs => _database.Logs;

    public NoticeDispatcher Dispatcher => Host.Services.GetRequiredService<NoticeDispatcher>();

    public ApiClient Operator() => new(ContractCheckingHandler.Client(Host), ApiFactory.OperatorKey);

    public async Task<(ApiClient Client, Guid Id)> CooperativeAsync()
    {
        var created = (await Operator().PostAsync("/api/v1/cooperatives", new { name = "福鼎市农村信用合作联社", signature = "福鼎农信" }))
            .Expect(HttpStatusCode.Created);
        return (new ApiClient(ContractCheckingHandler.Client(Host), created["apiKey"]!.GetValue<string>()), created["id"]!.GetValue<Guid>());
    }

    /// <summary>Opens a line for a new borrower with this mobile; returns the line id and borrower id.</summary>
    public static async Task<(Guid LineId, Guid BorrowerId)> OpenLineAsync(ApiClient coop, string mobile)
    {
        var borrowerId = (await coop.PostAsync("/api/v1/borrowers", new
        {
            name = "张三丰", residentId = ApiClient.NextResidentId(), mobile, regionCode = "350982101",
            partyBranch = "第一党支部", inDifficulty = false, registeredPoor = false, smsOptOut = false,
        })).Expect(HttpStatusCode.Created)["id"]!.GetValue<Guid>();
        var lineId = (await coop.PostAsync("/api/v1/credit-lines", new { borrowerId, limit = 100_000m, annualRate = 0.0435m, termMonths = 12 }))
            .Expect(HttpStatusCode.Created)["id"]!.GetValue<Guid>();
        return (lineId, borrowerId);
    }

    public async Task<T> DbAsync<T>(Func<LoanServiceDbContext, Task<T>> query)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LoanServiceDbContext>());
    }

    public Task<List<SmsNotice>> NoticesAsync() => DbAsync(db => db.SmsNotices.AsNoTracking().OrderBy(n => n.CreatedAt).ToListAsync());

    public Task<SmsNotice> NoticeAsync(Guid id) => DbAsync(db => db.SmsNotices.AsNoTracking().SingleAsync(n => n.Id == id));

    /// <summary>Posts a delivery receipt signed as the provider would, or with another secret.</summary>
    public async Task<Response> PostReceiptAsync(object receipt, string secret = FakeSmsProvider.Secret,
        Action<Dictionary<string, string>>? tamper = null)
    {
        var json = JsonSerializer.Serialize(receipt);
        var signed = SmsSignature.Sign(FakeSmsProvider.KeyId, secret, Clock.GetCurrentInstant(), Encoding.UTF8.GetBytes(json));
        var headers = signed.All().ToDictionary(h => h.Key, h => h.Value);
        tamper?.Invoke(headers);
        return await new ApiClient(ContractCheckingHandler.Client(Host), null).SendAsync(HttpMethod.Post, "/api/v1/sms/receipts", json, headers);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Provider.DisposeAsync();
        await _database.DisposeAsync();
    }
}
