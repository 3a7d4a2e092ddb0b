using FanClub.Domain.Common;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Partners;

/// <summary>
/// Adds an external partner and hands back its API key, the only time the key exists in clear
/// outside the partner: FanClub keeps its SHA-256 hash. Used by <c>./fanclub partner add</c> until
/// the admin console (issue 5) gives it a page.
/// </summary>
public sealed class PartnerOnboarding(FanClubDbContext db, TimeProvider clock)
{
    public async Task<Result<(PartnerAccount Partner, string ApiKey)>> AddAsync(string id, string name, Uri? webhookUrl, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 40 || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            return Result.Fail<(PartnerAccount, string)>("partner.id_invalid", "A partner id is 1-40 lower-case letters, digits or dashes.");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            return Result.Fail<(PartnerAccount, string)>("partner.name_invalid", "A partner name has 1-100 characters.");
        }

        if (webhookUrl is not null && (!webhookUrl.IsAbsoluteUri || (webhookUrl.Scheme != Uri.UriSchemeHttps && !webhookUrl.IsLoopback)))
        {
            return Result.Fail<(PartnerAccount, string)>("partner.webhook_invalid", "The webhook URL must be https (or loopback, for tests).");
        }

        if (await db.Partners.AnyAsync(p => p.Id == id, ct))
        {
            return Result.Fail<(PartnerAccount, string)>("partner.exists", $"A partner '{id}' exists already.");
        }

        var (partner, key) = PartnerAccount.Create(id, name.Trim(), webhookUrl, clock.GetUtcNow());
        db.Partners.Add(partner);
        await db.SaveChangesAsync(ct);
        return Result.Ok((partner, key));
    }
}
