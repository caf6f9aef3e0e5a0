using System.Security.Claims;
using System.Text.Encodings.Web;
using LoanService.Application.Access;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LoanService.Api.Setup;

/// <summary>Authenticates the <c>X-Api-Key</c> header against the stored hashes.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyLookup keys, ApiKeyCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string TenantClaim = Caller.TenantClaim;
    private const string LookupRefused = "apikey.lookup_refused";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
            return AuthenticateResult.NoResult();
        var key = values[0]!;
        if (key.Length > 100) return AuthenticateResult.Fail("Malformed API key.");
        var hash = ApiKeys.Hash(key);
        if (!cache.TryGet(hash, out var record))
        {
            // Counted before the look-up is made: a flood of unknown keys costs the address's look-up burst, then 429.
            var lease = cache.AcquireLookup(RateLimiting.AddressOf(Context));
            if (!lease.IsAcquired)
            {
                Context.Items[LookupRefused] = lease;
                return AuthenticateResult.Fail("Too many key look-ups from this address.");
            }
            using (lease)
                record = await keys.LiveByHashAsync(hash);
            if (record is not null) cache.Remember(hash, record);
        }
        if (record is null) return AuthenticateResult.Fail("Unknown API key.");
        var claims = new List<Claim>
        {
            new(ClaimTypes.Role, record.Role.ToString()),
            new(ClaimTypes.NameIdentifier, record.Id.ToString()),
        };
        if (record.TenantId is { } tenant) claims.Add(new Claim(TenantClaim, tenant.ToString()));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[LookupRefused] is System.Threading.RateLimiting.RateLimitLease refused)
        {
            using (refused) await RateLimiting.WriteTooManyAsync(Context, refused);
            return;
        }
        Response.StatusCode = 401;
        await WriteProblem(401, "Authentication required.", "auth.missing_or_invalid_key",
            $"Send a valid API key in the {Header} header.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 403;
        await WriteProblem(403, "Forbidden.", "auth.forbidden_role", "This API key's role may not use this endpoint.");
    }

    private Task WriteProblem(int status, string title, string code, string detail) =>
        ProblemExceptionHandler.WriteAsync(Context.RequestServices.GetRequiredService<IProblemDetailsService>(), Context,
            ProblemExceptionHandler.Problem(status, title, code, detail));
}

internal static class Roles
{
    public const string Operator = nameof(ApiRole.Operator);
    public const string Cooperative = nameof(ApiRole.Cooperative);
    public const string OrgDepartment = nameof(ApiRole.OrgDepartment);

    /// <summary>Who may create subsidy programmes: the operator or a department.</summary>
    public const string Funder = "Funder";

    /// <summary>Who may read subsidy programmes: a department, a cooperative taking part, the operator.</summary>
    public const string SubsidyParty = "SubsidyParty";

    /// <summary>
    /// Who may read a programme's liabilities and claims (borrowers by line, masked): its department and
    /// its cooperatives, not the operator, who runs the service but is no party to the subsidy.
    /// </summary>
    public const string SubsidyReader = "SubsidyReader";

    /// <summary>Who may accept a programme for a cooperative: the cooperative itself, or the operator for it.</summary>
    public const string Participant = "Participant";
}
