using System.Security.Claims;
using LoanService.Api.Setup;
using LoanService.Application.Access;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace LoanService.Api.Web;

/// <summary>What became of a sign-in with a key.</summary>
public enum SignInOutcome
{
    SignedIn,
    Missing,
    UnknownKey,
    NotADepartment,
    NotAnOperator,
}

/// <summary>
/// The department page's session. A department signs in once with its API key; the page then
/// keeps a cookie holding an authentication ticket encrypted and signed with ASP.NET Core Data
/// Protection (the cookie scheme's <see cref="IDataProtector"/>). The ticket names the key's
/// record, role and department and a server-side session (<see cref="ServerSessions"/>), never the
/// key: a stolen cookie does not yield the key, signing out ends the session on the server (a copy
/// of the cookie stops working), and a key revoked in the database ends its sessions at their next
/// request. The cookie is HttpOnly, SameSite=Strict, Secure when the request came over HTTPS (also
/// as a proxy named in <c>ForwardedHeaders:KnownProxies</c> says), and lasts 8 hours from the last use.
/// The REST API never reads it: its endpoints authenticate by <c>X-Api-Key</c> only.
/// <para>The operator's sign-in to the jobs dashboard at <c>/hangfire</c> is the same mechanism under a
/// scheme of its own (<see cref="OperatorScheme"/>, a cookie scoped to that path), so neither session
/// opens the other's page.</para>
/// </summary>
public static class DepartmentSession
{
    public const string Scheme = "DepartmentSession";
    public const string CookieName = "loanservice.department";
    public const string AntiforgeryCookieName = "loanservice.antiforgery";
    public const string AntiforgeryField = "__RequestVerificationToken";
    public const string OperatorScheme = "OperatorSession";
    public const string OperatorCookieName = "loanservice.operator";

    public static IServiceCollection AddDepartmentPage(this IServiceCollection services, IConfiguration config)
    {
        // Several instances behind one address must share the key ring, or one instance's cookie is
        // noise to the next: DataProtection:KeysDirectory names a folder they all see.
        var protection = services.AddDataProtection().SetApplicationName("LoanService");
        if (config["DataProtection:KeysDirectory"] is { Length: > 0 } keys)
            protection.PersistKeysToFileSystem(new DirectoryInfo(keys));

        services.AddAuthentication()
            .AddCookie(Scheme, o => Session(o, CookieName, "/", ApiRole.OrgDepartment))
            .AddCookie(OperatorScheme, o => Session(o, OperatorCookieName, OperatorDashboard.Path, ApiRole.Operator));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookieName;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = AntiforgeryField;
            // The jobs dashboard's script sends the token in this header; the page's forms in the field.
            o.HeaderName = "X-CSRF-TOKEN";
        });
        return services;
    }

    private static void Session(CookieAuthenticationOptions o, string cookieName, string path, ApiRole role)
    {
        o.Cookie.Name = cookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Cookie.Path = path;
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
        // The page answers a missing session itself (the sign-in form, or 401); no redirects.
        o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
        o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = 403; return Task.CompletedTask; };
        // The session must be open on the server and its key live and still of the scheme's role.
        o.Events.OnValidatePrincipal = ServerSessions.Validate(key => key.Role == role);
    }

    /// <summary>
    /// The signed-in department, or null. On success the request's user becomes the session's
    /// principal, so that the subsidy handlers' <see cref="Caller"/> and antiforgery see the same caller.
    /// </summary>
    public static async Task<Caller?> CallerAsync(HttpContext http, string scheme = Scheme)
    {
        var result = await http.AuthenticateAsync(scheme);
        if (!result.Succeeded || result.Principal is null) return null;
        http.User = result.Principal;
        return Caller.From(result.Principal);
    }

    /// <summary>Signs in with <paramref name="key"/> when it is a live organization department key.</summary>
    public static Task<SignInOutcome> SignInAsync(HttpContext http, string? key) =>
        SignInAsync(http, key, ApiRole.OrgDepartment, Scheme);

    /// <summary>Signs in to <paramref name="scheme"/> with <paramref name="key"/> when it is a live key of <paramref name="role"/>.</summary>
    public static async Task<SignInOutcome> SignInAsync(HttpContext http, string? key, ApiRole role, string scheme)
    {
        key = key?.Trim();
        if (string.IsNullOrEmpty(key)) return SignInOutcome.Missing;
        if (key.Length > 100) return SignInOutcome.UnknownKey;
        var hash = ApiKeys.Hash(key);
        var record = await http.RequestServices.GetRequiredService<ApiKeyLookup>().LiveByHashAsync(hash, http.RequestAborted);
        if (record is null) return SignInOutcome.UnknownKey;
        if (record.Role != role || (role == ApiRole.OrgDepartment && record.TenantId is null))
            return role == ApiRole.Operator ? SignInOutcome.NotAnOperator : SignInOutcome.NotADepartment;

        await ServerSessions.SignInAsync(http, scheme, record,
        [
            new Claim(ClaimTypes.Role, record.Role.ToString()),
            new Claim(ClaimTypes.NameIdentifier, record.Id.ToString()),
            .. record.TenantId is { } tenant ? [new Claim(ApiKeyAuthenticationHandler.TenantClaim, tenant.ToString())] : Array.Empty<Claim>(),
        ]);
        return SignInOutcome.SignedIn;
    }

    /// <summary>Ends the session of <paramref name="scheme"/> on the server: a copy of its cookie stops working too.</summary>
    public static Task SignOutAsync(HttpContext http, string scheme = Scheme) => ServerSessions.SignOutAsync(http, scheme);

    /// <summary>Whether the form carries this page's antiforgery token for the current user.</summary>
    public static async Task<bool> FormIsGenuineAsync(HttpContext http)
    {
        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

}
