using System.Security.Claims;
using FanClub.Domain.Tiers;
using FanClub.Web.Entitlements;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FanClub.Web.Partners;

/// <summary>What a partner learns about a member: every key held now, why, and until when.</summary>
public sealed record EntitlementsResponse(Guid Member, bool Banned, DateTimeOffset AsOf, DateTimeOffset? ValidUntil, IReadOnlyList<GrantResponse> Grants);

public sealed record GrantResponse(string Key, string Source, DateTimeOffset? EndsAt);

/// <summary>The answer to "may member M use R now".</summary>
public sealed record AccessResponse(Guid Member, string Key, bool Allowed, string Reason, DateTimeOffset? ValidUntil);

/// <summary>
/// <c>/api/partners/v1</c>: the questions a stream or chat partner asks FanClub. Authenticated with
/// the partner's API key; documented at <c>/api/partners/v1/openapi.json</c>.
/// </summary>
public static class PartnerApi
{
    public const string DocumentName = "v1";

    public static IEndpointRouteBuilder MapPartnerApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/partners/v1")
            .RequireAuthorization(PartnerApiKeyAuthentication.SchemeName)
            .WithGroupName(DocumentName)
            .WithTags("Partners");

        api.MapGet("/members/{memberId:guid}/entitlements", GetEntitlementsAsync)
            .WithName("GetMemberEntitlements")
            .WithSummary("Every entitlement the member holds now, with its source and end.");
        api.MapGet("/members/{memberId:guid}/access", CheckAccessAsync)
            .WithName("CheckMemberAccess")
            .WithSummary("May the member use this resource (or entitlement key) now?");
        return endpoints;
    }

    private static async Task<Ok<EntitlementsResponse>> GetEntitlementsAsync(Guid memberId, EntitlementReader reader, CancellationToken ct)
    {
        var entitlements = await reader.GetAsync(memberId, ct);
        return TypedResults.Ok(new EntitlementsResponse(memberId, entitlements.Banned, entitlements.AsOf, entitlements.ValidUntil,
            [.. entitlements.Grants.Select(g => new GrantResponse(g.Key.Value, g.Source.ToString().ToLowerInvariant(), g.EndsAt))]));
    }

    private static async Task<Results<Ok<AccessResponse>, ProblemHttpResult>> CheckAccessAsync(
        Guid memberId, string? resource, string? key, ClaimsPrincipal partner, PartnerCatalog catalog, EntitlementReader reader, CancellationToken ct)
    {
        EntitlementKey required;
        if (!string.IsNullOrEmpty(resource))
        {
            var partnerId = partner.FindFirstValue(PartnerApiKeyAuthentication.PartnerIdClaim)!;
            if (catalog.FindResource(partnerId, resource) is not { } found)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown resource",
                    detail: $"Partner '{partnerId}' declares no resource '{resource}'.");
            }

            required = found.RequiredKey;
        }
        else if (!EntitlementKey.TryParse(key, out required))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Say what to check",
                detail: "Pass ?resource=<one of your resources> or ?key=<area:name>.");
        }

        var entitlements = await reader.GetAsync(memberId, ct);
        var grant = entitlements.Grants.Where(g => g.Key == required).OrderByDescending(g => g.EndsAt ?? DateTimeOffset.MaxValue).FirstOrDefault();
        var reason = entitlements.Banned ? "banned" : grant is null ? "not_entitled" : grant.Source.ToString().ToLowerInvariant();
        return TypedResults.Ok(new AccessResponse(memberId, required.Value, grant is not null, reason, grant?.EndsAt));
    }
}
