using System.Security.Claims;
using System.Text.Encodings.Web;
using FanClub.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Partners;

/// <summary>
/// <c>Authorization: Bearer fcp_…</c> for the partner API. The key is hashed and looked up; the
/// partner id becomes the caller's identity. No cookie, no redirect: a bad key is a plain 401.
/// </summary>
public sealed class PartnerApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, PartnerKeyCache cache, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PartnerApiKey";
    public const string PartnerIdClaim = "partner_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var key = header["Bearer ".Length..].Trim();
        if (!key.StartsWith(PartnerAccount.KeyPrefix, StringComparison.Ordinal) || key.Length > 100)
        {
            return AuthenticateResult.Fail("Not a partner API key.");
        }

        var hash = PartnerAccount.Hash(key);
        var now = clock.GetUtcNow();
        if (!cache.TryGet(hash, now, out var partner))
        {
            // Resolved only on a miss: a pooled context per request is measurable at partner volumes.
            var db = Context.RequestServices.GetRequiredService<FanClubDbContext>();
            partner = await db.Partners.AsNoTracking().Where(p => p.ApiKeyHash == hash && p.Enabled)
                .Select(p => new PartnerKeyCache.Partner(p.Id, p.Name)).SingleOrDefaultAsync(Context.RequestAborted);
            if (partner is null)
            {
                return AuthenticateResult.Fail("Unknown or disabled partner API key.");
            }

            cache.Add(hash, partner, now);
        }

        var identity = new ClaimsIdentity([new Claim(PartnerIdClaim, partner.Id), new Claim(ClaimTypes.Name, partner.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
