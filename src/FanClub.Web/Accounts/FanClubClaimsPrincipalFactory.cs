using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Accounts;

/// <summary>
/// Puts the member's display name in the sign-in cookie, so the members area greets them without
/// loading the account. Renewed whenever the cookie is (sign-in, a profile change, and the
/// one-minute security stamp check). Leaves Identity's e-mail claim out: the user name (the name
/// claim) is the same address, and every claim is decrypted and parsed again on each request.
/// </summary>
public sealed class FanClubClaimsPrincipalFactory(
    UserManager<FanClubUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<FanClubUser, IdentityRole<Guid>>(users, roles, options)
{
    public const string DisplayNameClaim = "display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(FanClubUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        foreach (var email in identity.FindAll(ClaimTypes.Email).ToList())
        {
            identity.RemoveClaim(email);
        }

        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        return identity;
    }
}
