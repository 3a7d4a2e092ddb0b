using System.Security.Claims;
using FanClub.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Accounts;

/// <summary>
/// The periodic session check (every <c>SecurityStampValidatorOptions.ValidationInterval</c>, a
/// minute) also ends the session of a banned member: a ban already takes every entitlement away at
/// once; this signs the member out of the site as well, without a database read on every request.
/// </summary>
public sealed class BanAwareSecurityStampValidator(
    IOptions<SecurityStampValidatorOptions> options, SignInManager<FanClubUser> signInManager, ILoggerFactory logger, FanClubDbContext db, TimeProvider clock)
    : SecurityStampValidator<FanClubUser>(options, signInManager, logger)
{
    protected override async Task<FanClubUser?> VerifySecurityStamp(ClaimsPrincipal? principal)
    {
        var user = await base.VerifySecurityStamp(principal);
        if (user is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var banned = await db.Bans.AsNoTracking().AnyAsync(b => b.MemberId == user.Id && b.BannedAt <= now && (b.LiftedAt == null || b.LiftedAt > now));
        return banned ? null : user;
    }
}
