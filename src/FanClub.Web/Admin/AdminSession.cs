using System.Globalization;
using System.Security.Claims;
using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace FanClub.Web.Admin;

/// <summary>
/// Admin sessions are shorter than members' (14 days, sliding): an admin's cookie lasts
/// <see cref="Lifetime"/> from the sign-in, never slides, and is a browser-session cookie even when
/// "remember me" was ticked. Sensitive actions also want an authentication younger than
/// <see cref="RecentAuthentication"/> (<see cref="RequireRecentAuthenticationAttribute"/>).
/// The time of the last authentication travels in the cookie as <see cref="AuthTimeClaim"/>.
/// </summary>
public static class AdminSession
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    public static readonly TimeSpan RecentAuthentication = TimeSpan.FromMinutes(10);

    /// <summary>When the user last proved who they are (password or second factor), Unix seconds, as in OpenID Connect.</summary>
    public const string AuthTimeClaim = "auth_time";

    public static DateTimeOffset? AuthenticatedAt(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return long.TryParse(user.FindFirst(AuthTimeClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    public static bool AuthenticatedRecently(ClaimsPrincipal user, DateTimeOffset now) =>
        AuthenticatedAt(user) is { } at && now - at <= RecentAuthentication;

    public static Claim AuthTime(DateTimeOffset at) =>
        new(AuthTimeClaim, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);

    /// <summary>Stamps the sign-in time and shortens admin cookies. Runs on every sign-in, whichever page signs in.</summary>
    internal static Task OnSigningIn(CookieSigningInContext context)
    {
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (context.Principal?.Identity is ClaimsIdentity identity)
        {
            if (!identity.HasClaim(c => c.Type == AuthTimeClaim))
            {
                identity.AddClaim(AuthTime(now));
            }

            if (context.Principal.IsInRole(Roles.Admin))
            {
                context.Properties.IsPersistent = false;
                context.Properties.AllowRefresh = false;
                context.Properties.ExpiresUtc = now + Lifetime;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Refuses an admin ticket past its lifetime even if something renewed the cookie.</summary>
    internal static void Validate(CookieValidatePrincipalContext context, DateTimeOffset now)
    {
        if (context.Principal is { } user && user.IsInRole(Roles.Admin)
            && (AuthenticatedAt(user) is not { } at || now - at > Lifetime))
        {
            context.RejectPrincipal();
        }
    }

    /// <summary>
    /// The security-stamp check rebuilds the principal from the database every minute and would drop
    /// how and when the user authenticated; carry both over, or a two-factor admin would lose the
    /// console a minute after signing in.
    /// </summary>
    internal static Task KeepAuthenticationClaims(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is ClaimsIdentity identity && context.CurrentPrincipal is { } current)
        {
            foreach (var claim in current.Claims.Where(c => c.Type is AdminAuthorization.MethodClaim or AuthTimeClaim))
            {
                if (!identity.HasClaim(claim.Type, claim.Value))
                {
                    identity.AddClaim(new Claim(claim.Type, claim.Value, claim.ValueType));
                }
            }
        }

        return Task.CompletedTask;
    }
}
