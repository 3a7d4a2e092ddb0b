using System.Security.Claims;
using FanClub.Domain.Partners;
using FanClub.Web.Data;
using FanClub.Web.Partners.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Partners;

/// <summary>A token a signed-in member hands to a partner (a chat server, a player).</summary>
public sealed record MemberTokenResponse(string Token, DateTimeOffset ExpiresAt, IReadOnlyList<string> Entitlements);

/// <summary>
/// <c>POST /api/me/tokens/{partnerId}</c>: an ES256 JWT for one partner, carrying the keys the
/// member holds now and lasting minutes; the page renews it while the member stays entitled.
/// A forged cross-site POST could mint one but never read it, so no anti-forgery token is needed.
/// </summary>
public static class MemberTokens
{
    public static IEndpointRouteBuilder MapMemberTokens(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/me/tokens/{partnerId}", IssueAsync)
            .RequireAuthorization()
            .DisableAntiforgery();
        return endpoints;
    }

    private static async Task<Results<Ok<MemberTokenResponse>, ProblemHttpResult>> IssueAsync(
        string partnerId, ClaimsPrincipal user, PartnerCatalog catalog, FanClubDbContext db, IEntitlementQuery reader, JwtIssuer issuer,
        HttpContext context, CancellationToken ct)
    {
        var known = catalog.Manifests.Any(m => m.Id == partnerId)
            || await db.Partners.AnyAsync(p => p.Id == partnerId && p.Enabled, ct);
        if (!known)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown partner",
                detail: $"No partner '{partnerId}' runs on this club.");
        }

        var memberId = Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
        var entitlements = await reader.GetAsync(memberId, ct);
        if (entitlements.Banned || entitlements.Keys.Count == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No access",
                detail: "Your membership does not include anything this partner offers.");
        }

        var keys = entitlements.Keys.Select(k => k.Value).ToList();
        var jwt = issuer.Issue(memberId.ToString(), partnerId, context.TraceIdentifier, keys);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new MemberTokenResponse(jwt.Token, jwt.ExpiresAt, keys));
    }
}
