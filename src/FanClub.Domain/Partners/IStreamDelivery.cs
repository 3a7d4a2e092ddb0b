namespace FanClub.Domain.Partners;

/// <summary>
/// What a stream module tells the host so the host can hand players signed stream URLs: where the
/// edge serves the HLS files, how each stream's files are laid out, and how many streams one member
/// may watch at once. Registered by the module (<see cref="IPartnerRegistrar.AddSingleton{TService}"/>);
/// the host signs, counts sessions and checks entitlements, the edge enforces the signature.
/// </summary>
public interface IStreamDelivery
{
    /// <summary>The module's partner id (<see cref="PartnerManifest.Id"/>), whose resources are the streams.</summary>
    string PartnerId { get; }

    /// <summary>
    /// Base of the edge serving <c>/live/...</c>: an absolute URL (a CDN, an nginx) or <c>null</c> when
    /// the host's own origin serves it.
    /// </summary>
    Uri? EdgeBaseUrl { get; }

    /// <summary>How many players one member may run at the same time (across devices and streams).</summary>
    int MaxConcurrentStreams { get; }

    /// <summary>The directory one token opens, e.g. <c>/live/main-stage/</c>: the playlist and all segments of that stream.</summary>
    string PathPrefix(string streamId);

    /// <summary>The playlist path under <see cref="PathPrefix"/>, e.g. <c>/live/main-stage/index.m3u8</c>.</summary>
    string PlaylistPath(string streamId);
}
