using System.Security.Claims;
using LoanService.Application.Access;
using LoanService.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LoanService.Api.Web;

/// <summary>
/// Cookie sign-ins whose sessions live on the server, for any cookie scheme that signs in with an API
/// key (the department page; an operator sign-in can reuse it with its own scheme). The cookie still
/// carries a data-protected ticket, but the ticket names a <see cref="WebSession"/> row (<see cref="WebSessions"/>), and a request is
/// let in only while that row is open and its key is live: signing out closes the row, so a copy of the
/// cookie taken before stops working at once, on every instance.
/// </summary>
public static class ServerSessions
{
    public const string SessionClaim = "sid";

    /// <summary>Opens a session for <paramref name="key"/> and signs the browser in to it under <paramref name="scheme"/>.</summary>
    public static async Task SignInAsync(HttpContext http, string scheme, ApiKey key, IEnumerable<Claim> claims)
    {
        var session = await http.RequestServices.GetRequiredService<WebSessions>().OpenAsync(scheme, key.Id, http.RequestAborted);
        var identity = new ClaimsIdentity(claims.Append(new Claim(SessionClaim, session.ToString())), scheme);
        await http.SignInAsync(scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    /// <summary>Closes the browser's session of <paramref name="scheme"/> on the server, then drops its cookie.</summary>
    public static async Task SignOutAsync(HttpContext http, string scheme)
    {
        var result = await http.AuthenticateAsync(scheme);
        if (SessionId(result.Principal) is { } id)
            await http.RequestServices.GetRequiredService<WebSessions>().EndAsync(id, http.RequestAborted);
        await http.SignOutAsync(scheme);
    }

    /// <summary>
    /// The cookie scheme's <c>OnValidatePrincipal</c>: the session must be open and its key live and
    /// allowed by <paramref name="keyAllowed"/>; otherwise the cookie is rejected and removed.
    /// </summary>
    public static Func<CookieValidatePrincipalContext, Task> Validate(Func<ApiKey, bool> keyAllowed) => async context =>
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<WebSessions>();
        var keyId = Guid.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var k) ? k : Guid.Empty;
        var sessionId = SessionId(context.Principal);
        var live = sessionId is { } id && keyId != Guid.Empty
            && await sessions.LiveKeyAsync(id, keyId, context.Scheme.Name) is { } key
            && keyAllowed(key);
        if (live) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(context.Scheme.Name);
    };

    private static Guid? SessionId(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(SessionClaim), out var id) ? id : null;
}
