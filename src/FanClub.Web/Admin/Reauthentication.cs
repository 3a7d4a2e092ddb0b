using System.Security.Claims;
using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Identity;

namespace FanClub.Web.Admin;

/// <summary>
/// Proves again who is at the keyboard, inside a session: with an authenticator code (which also
/// makes the session a two-factor one) or with the password (which keeps how the session was
/// signed in). Failures count towards the account's lockout like log-in failures do.
/// </summary>
public sealed class Reauthentication(UserManager<FanClubUser> users, SignInManager<FanClubUser> signIn, TimeProvider clock)
{
    public async Task<bool> WithAuthenticatorCodeAsync(FanClubUser user, string code)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(code);
        if (await users.IsLockedOutAsync(user) || !await users.GetTwoFactorEnabledAsync(user))
        {
            return false;
        }

        var digits = code.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            await users.AccessFailedAsync(user);
            return false;
        }

        await users.ResetAccessFailedCountAsync(user);
        await SignInAgainAsync(user, [new Claim(AdminAuthorization.MethodClaim, AdminAuthorization.TwoFactorMethod)]);
        return true;
    }

    public async Task<bool> WithPasswordAsync(FanClubUser user, string password, ClaimsPrincipal current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            return false;
        }

        await SignInAgainAsync(user, [.. current.FindAll(AdminAuthorization.MethodClaim).Select(c => new Claim(c.Type, c.Value))]);
        return true;
    }

    private Task SignInAgainAsync(FanClubUser user, IEnumerable<Claim> methods) =>
        signIn.SignInWithClaimsAsync(user, isPersistent: false, [.. methods, AdminSession.AuthTime(clock.GetUtcNow())]);
}
