using System.Security.Claims;
using LoanService.Api.Setup;
using LoanService.Infrastructure;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace LoanService.Api.Web;

/// <summary>What became of a sign-in with a key.</summary>
public enum SignInOutcome
{
    SignedIn,
    Missing,
    UnknownKey,
    NotADepartment,
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
/// </summary>
public static class DepartmentSession
{
    public const string Scheme = "DepartmentSession";
    public const string CookieName = "loanservice.department";
    public const string AntiforgeryCookieName = "loanservice.antiforgery";
    public const string AntiforgeryField = "__RequestVerificationToken";

    public static IServiceCollection AddDepartmentPage(this IServiceCollection services, IConfiguration config)
    {
        // Several instances behind one address must share the key ring, or one instance's cookie is
        // noise to the next: DataProtection:KeysDirectory names a folder they all see.
        var protection = services.AddDataProtection().SetApplicationName("LoanService");
        if (config["DataProtection:KeysDirectory"] is { Length: > 0 } keys)
            protection.PersistKeysToFileSystem(new DirectoryInfo(keys));

        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // The page answers a missing session itself (the sign-in form, or 401); no redirects.
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = 403; return Task.CompletedTask; };
            o.Events.OnValidatePrincipal = ServerSessions.Validate(key => key.Role == ApiRole.OrgDepartment);
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookieName;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = AntiforgeryField;
            o.HeaderName = null;
        });
        return services;
    }

    /// <summary>
    /// The signed-in department, or null. On success the request's user becomes the session's
    /// principal, so that the subsidy handlers' <see cref="Caller"/> and antiforgery see the same caller.
    /// </summary>
    public static async Task<Caller?> CallerAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Scheme);
        if (!result.Succeeded || result.Principal is null) return null;
        http.User = result.Principal;
        return Caller.From(result.Principal);
    }

    /// <summary>Signs in with <paramref name="key"/> when it is a live organization department key.</summary>
    public static async Task<SignInOutcome> SignInAsync(HttpContext http, LoanServiceDbContext db, string? key)
    {
        key = key?.Trim();
        if (string.IsNullOrEmpty(key)) return SignInOutcome.Missing;
        if (key.Length > 100) return SignInOutcome.UnknownKey;
        var hash = ApiKeys.Hash(key);
        var record = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null);
        if (record is null) return SignInOutcome.UnknownKey;
        if (record.Role != ApiRole.OrgDepartment || record.TenantId is null) return SignInOutcome.NotADepartment;

        await ServerSessions.SignInAsync(http, Scheme, record,
        [
            new Claim(ClaimTypes.Role, record.Role.ToString()),
            new Claim(ClaimTypes.NameIdentifier, record.Id.ToString()),
            new Claim(ApiKeyAuthenticationHandler.TenantClaim, record.TenantId.Value.ToString()),
        ]);
        return SignInOutcome.SignedIn;
    }

    public static Task SignOutAsync(HttpContext http) => ServerSessions.SignOutAsync(http, Scheme);

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
