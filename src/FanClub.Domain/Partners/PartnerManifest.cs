using FanClub.Domain.Common;
using FanClub.Domain.Tiers;

namespace FanClub.Domain.Partners;

/// <summary>What a partner supplies: live video or chat.</summary>
public enum PartnerKind
{
    Stream,
    Chat,
}

/// <summary>One thing a partner offers members (a stream, a room) and the entitlement key it needs.</summary>
/// <param name="Id">Stable, URL-safe id, unique within the partner (<c>main-stage</c>).</param>
/// <param name="Name">What members see.</param>
/// <param name="RequiredKey">The key a member must hold to use it (<c>stream:live</c>).</param>
public sealed record PartnerResource(string Id, LocalizedText Name, EntitlementKey RequiredKey);

/// <summary>A partner module's identity card, read by the host before anything of the module runs.</summary>
/// <param name="Id">Stable id, also the JWT audience of tokens minted for this partner (<c>livestream</c>).</param>
/// <param name="Name">Human name for admins.</param>
/// <param name="Version">The module's version (semantic versioning).</param>
/// <param name="Kind">Stream or chat.</param>
/// <param name="Resources">What it offers, each with the entitlement it requires.</param>
public sealed record PartnerManifest(string Id, string Name, string Version, PartnerKind Kind, IReadOnlyList<PartnerResource> Resources)
{
    public PartnerResource? Find(string resourceId) => Resources.FirstOrDefault(r => r.Id == resourceId);
}
