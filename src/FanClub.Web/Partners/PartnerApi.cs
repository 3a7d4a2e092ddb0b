using System.Security.Claims;
using System.Text.Json.Serialization;
using FanClub.Domain.Partners;
using FanClub.Domain.Tiers;
using FanClub.Web.Hosting;
using FanClub.Web.Partners.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FanClub.Web.Partners;

/// <summary>What a partner learns about a member: every key held now, why, and until when.</summary>
public sealed record EntitlementsResponse(Guid Member, bool Banned, DateTimeOffset AsOf, DateTimeOffset? ValidUntil, IReadOnlyList<GrantResponse> Grants);

public sealed record GrantResponse(string Key, string Source, DateTimeOffset? EndsAt);

/// <summary>RFC 7662 introspection response; <c>ent</c> lists the token's keys the member still holds.</summary>
public sealed record IntrospectionResponse(
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("sub"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sub = null,
    [property: JsonPropertyName("aud"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Aud = null,
    [property: JsonPropertyName("iss"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Iss = null,
    [property: JsonPropertyName("client_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ClientId = null,
    [property: JsonPropertyName("token_type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenType = null,
    [property: JsonPropertyName("exp"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Exp = null,
    [property: JsonPropertyName("iat"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Iat = null,
    [property: JsonPropertyName("jti"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Jti = null,
    [property: JsonPropertyName("sid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sid = null,
    [property: JsonPropertyName("ent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Ent = null)
{
    /// <summary>RFC 7662 says nothing else about a token that is not active.</summary>
    public static IntrospectionResponse Inactive { get; } = new(false);
}

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
        api.MapPost("/introspect", IntrospectAsync)
            .DisableAntiforgery()
            .WithName("IntrospectToken")
            .WithSummary("RFC 7662 token introspection: is this FanClub JWT, minted for you, still good?");
        return endpoints;
    }

    /// <summary>
    /// Signature, issuer, audience (the calling partner) and expiry first; then the member's access
    /// now, so a token is inactive the moment its member is banned or loses every key it carried.
    /// </summary>
    private static async Task<HotPathOk<IntrospectionResponse>> IntrospectAsync(
        [FromForm] string? token, ClaimsPrincipal partner, PartnerJwtValidators validators, IEntitlementQuery reader, CancellationToken ct)
    {
        var partnerId = partner.FindFirstValue(PartnerApiKeyAuthentication.PartnerIdClaim)!;
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return new(IntrospectionResponse.Inactive);
        }

        var validated = validators.For(partnerId).Validate(token);
        if (!validated.Succeeded || !Guid.TryParse(validated.Value.Subject, out var memberId))
        {
            return new(IntrospectionResponse.Inactive);
        }

        var jwt = validated.Value;
        var current = await reader.GetAsync(memberId, ct);
        var still = jwt.Entitlements.Where(k => EntitlementKey.TryParse(k, out var key) && current.Has(key)).ToList();
        if (current.Banned || still.Count == 0)
        {
            return new(IntrospectionResponse.Inactive);
        }

        return new(new IntrospectionResponse(true, jwt.Subject, jwt.Audience, jwt.Issuer, partnerId, "access_token",
            jwt.ExpiresAt.ToUnixTimeSeconds(), jwt.IssuedAt?.ToUnixTimeSeconds(), jwt.Id, jwt.SessionId, still));
    }

    private static async Task<HotPathOk<EntitlementsResponse>> GetEntitlementsAsync(Guid memberId, IEntitlementQuery reader, TimeProvider clock, CancellationToken ct)
    {
        // A cached answer stays exact until the member's next change: it holds as of now.
        var entitlements = await reader.GetAsync(memberId, ct);
        return new(new EntitlementsResponse(memberId, entitlements.Banned, clock.GetUtcNow(), entitlements.ValidUntil,
            [.. entitlements.Grants.Select(g => new GrantResponse(g.Key.Value, g.Source.ToString().ToLowerInvariant(), g.EndsAt))]));
    }

    private static async Task<Results<HotPathOk<AccessResponse>, ProblemHttpResult>> CheckAccessAsync(
        Guid memberId, string? resource, string? key, ClaimsPrincipal partner, PartnerCatalog catalog, IEntitlementQuery reader, CancellationToken ct)
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
        var grant = entitlements.Grants.Where(g => g.Key == required).MaxBy(g => g.EndsAt ?? DateTimeOffset.MaxValue);
        var reason = entitlements.Banned ? "banned" : grant is null ? "not_entitled" : grant.Source.ToString().ToLowerInvariant();
        return new HotPathOk<AccessResponse>(new AccessResponse(memberId, required.Value, grant is not null, reason, grant?.EndsAt));
    }
}
