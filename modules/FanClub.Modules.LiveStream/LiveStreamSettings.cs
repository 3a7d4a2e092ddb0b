using System.Globalization;
using FanClub.Domain.Common;
using FanClub.Domain.Partners;
using FanClub.Domain.Tiers;

namespace FanClub.Modules.LiveStream;

/// <summary>
/// The module's settings (<c>Partners:livestream:*</c>), read from the flattened section the host
/// hands to <see cref="IPartnerModule.Register"/>. Anything malformed stops start-up with a message
/// naming the key, as the host's own options do.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>EdgeBaseUrl</c>: absolute http(s) URL of the edge serving <c>/live/...</c> (nginx, a CDN);
/// empty or absent when the host serves the files itself (the demo).</item>
/// <item><c>MaxConcurrentStreams</c>: players one member may run at once; default 2.</item>
/// <item><c>Streams:N:Id</c>, <c>NameEn</c>, <c>NameFr</c>, <c>RequiredKey</c>: the streams; default one,
/// <c>main-stage</c>, needing <c>stream:live</c>.</item>
/// </list>
/// </remarks>
public sealed class LiveStreamSettings : IStreamDelivery
{
    public const string PartnerIdValue = "livestream";

    public const int DefaultMaxConcurrentStreams = 2;

    /// <summary>The stream offered when none is configured.</summary>
    public static readonly PartnerResource DefaultStream =
        new("main-stage", new LocalizedText("Main stage", "Scène principale"), EntitlementKey.Parse("stream:live"));

    private const string Section = "Partners:" + PartnerIdValue;

    private LiveStreamSettings(Uri? edgeBaseUrl, int maxConcurrentStreams, IReadOnlyList<PartnerResource> streams)
    {
        EdgeBaseUrl = edgeBaseUrl;
        MaxConcurrentStreams = maxConcurrentStreams;
        Streams = streams;
    }

    public string PartnerId => PartnerIdValue;

    public Uri? EdgeBaseUrl { get; }

    public int MaxConcurrentStreams { get; }

    public IReadOnlyList<PartnerResource> Streams { get; }

    /// <summary>The settings a module has before <see cref="IPartnerModule.Register"/>: the defaults.</summary>
    public static LiveStreamSettings Defaults { get; } = new(null, DefaultMaxConcurrentStreams, [DefaultStream]);

    // Stream ids become one path segment signed by nginx as it sees it (no percent-encoding, no dots).
    public string PathPrefix(string streamId) => $"/live/{streamId}/";

    public string PlaylistPath(string streamId) => PathPrefix(streamId) + "index.m3u8";

    /// <summary>Reads the flattened settings; throws <see cref="InvalidOperationException"/> naming the bad key.</summary>
    public static LiveStreamSettings Parse(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new LiveStreamSettings(ParseEdge(Get(settings, "EdgeBaseUrl")), ParseMax(Get(settings, "MaxConcurrentStreams")), ParseStreams(settings));
    }

    private static string? Get(IReadOnlyDictionary<string, string?> settings, string key) =>
        settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static Uri? ParseEdge(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw Invalid("EdgeBaseUrl", "must be an absolute http(s) URL without query, e.g. https://edge.example.com (or empty: this site serves /live/)");
        }

        // The stream paths (/live/...) are appended to it.
        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    private static int ParseMax(string? value)
    {
        if (value is null)
        {
            return DefaultMaxConcurrentStreams;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max is >= 1 and <= 100
            ? max
            : throw Invalid("MaxConcurrentStreams", "must be a whole number from 1 to 100");
    }

    private static List<PartnerResource> ParseStreams(IReadOnlyDictionary<string, string?> settings)
    {
        var indexes = settings.Keys
            .Where(k => k.StartsWith("Streams:", StringComparison.Ordinal))
            .Select(k => k.Split(':'))
            .Where(parts => parts.Length == 3)
            .Select(parts => parts[1])
            .Distinct(StringComparer.Ordinal)
            .Select(i => int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw Invalid($"Streams:{i}", "must be numbered 0, 1, 2..."))
            .Order()
            .ToList();
        if (indexes.Count == 0)
        {
            return [DefaultStream];
        }

        var streams = new List<PartnerResource>();
        foreach (var index in indexes)
        {
            var prefix = $"Streams:{index}:";
            var id = Get(settings, prefix + "Id") ?? throw Invalid(prefix + "Id", "is required");
            if (!IsStreamId(id))
            {
                throw Invalid(prefix + "Id", "must be 1 to 64 of a-z, 0-9 and '-', starting with a letter or digit (it becomes the /live/<id>/ path)");
            }

            if (streams.Any(s => s.Id == id))
            {
                throw Invalid(prefix + "Id", $"repeats the stream id '{id}'");
            }

            var keyText = Get(settings, prefix + "RequiredKey") ?? throw Invalid(prefix + "RequiredKey", "is required (e.g. stream:live)");
            if (!EntitlementKey.TryParse(keyText, out var key))
            {
                throw Invalid(prefix + "RequiredKey", $"'{keyText}' is not an entitlement key (area:name)");
            }

            var english = Get(settings, prefix + "NameEn") ?? id;
            streams.Add(new PartnerResource(id, new LocalizedText(english, Get(settings, prefix + "NameFr") ?? english), key));
        }

        return streams;
    }

    private static bool IsStreamId(string id) =>
        id.Length is >= 1 and <= 64 && IsLowerOrDigit(id[0]) && id.All(c => IsLowerOrDigit(c) || c == '-');

    private static bool IsLowerOrDigit(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    private static InvalidOperationException Invalid(string key, string problem) => new($"{Section}:{key} {problem}.");
}
