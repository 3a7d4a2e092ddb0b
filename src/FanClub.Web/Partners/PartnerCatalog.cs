using FanClub.Domain.Partners;

namespace FanClub.Web.Partners;

/// <summary>The partner modules running in this host (<c>Partners:Modules</c>) and what they offer.</summary>
public sealed class PartnerCatalog(IEnumerable<IPartnerModule> modules)
{
    private readonly Dictionary<string, PartnerManifest> _manifests = modules.ToDictionary(m => m.Manifest.Id, m => m.Manifest, StringComparer.Ordinal);

    public IReadOnlyCollection<PartnerManifest> Manifests => _manifests.Values;

    public PartnerResource? FindResource(string partnerId, string resourceId) =>
        _manifests.TryGetValue(partnerId, out var manifest) ? manifest.Find(resourceId) : null;
}
