using FanClub.Domain.Partners;

namespace FanClub.Modules.LiveStream;

/// <summary>
/// The reference stream module: live streams served as HLS by an edge (nginx <c>secure_link</c>, a
/// CDN) that checks FanClub's signed URLs on its own. The module says which streams exist, what
/// each requires and where the edge is (<see cref="LiveStreamSettings"/>); the host does the rest
/// (the watch page, tokens, the concurrent-stream limit) through <see cref="IStreamDelivery"/>.
/// </summary>
public sealed class LiveStreamModule : IPartnerModule
{
    private LiveStreamSettings _settings = LiveStreamSettings.Defaults;

    /// <summary>
    /// Id, kind and version are fixed; the streams come from the settings, so they are the defaults
    /// until <see cref="Register"/> has read them (the host reads only the id before that).
    /// </summary>
    public PartnerManifest Manifest => new(LiveStreamSettings.PartnerIdValue, "Live stream", "1.0.0", PartnerKind.Stream, _settings.Streams);

    public void Register(IPartnerRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        _settings = LiveStreamSettings.Parse(registrar.Settings);
        var settings = _settings;
        registrar.AddSingleton<IStreamDelivery>(_ => settings);
    }
}
