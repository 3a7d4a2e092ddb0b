using FanClub.Domain.Partners;
using FanClub.Domain.Tiers;
using FanClub.Modules.LiveStream;

namespace FanClub.Web.Tests.Streams;

/// <summary>The module's settings section: defaults, streams from configuration, and start-up errors that name the key.</summary>
public sealed class LiveStreamSettingsTests
{
    [Fact]
    public void Without_settings_one_main_stage_needs_stream_live_with_two_players_on_this_sites_edge()
    {
        var settings = LiveStreamSettings.Parse(new Dictionary<string, string?>());

        var stream = Assert.Single(settings.Streams);
        Assert.Equal("main-stage", stream.Id);
        Assert.Equal(EntitlementKey.Parse("stream:live"), stream.RequiredKey);
        Assert.Equal("Scène principale", stream.Name.French);
        Assert.Equal(2, settings.MaxConcurrentStreams);
        Assert.Null(settings.EdgeBaseUrl);
        Assert.Equal("/live/main-stage/", settings.PathPrefix("main-stage"));
        Assert.Equal("/live/main-stage/index.m3u8", settings.PlaylistPath("main-stage"));
    }

    [Fact]
    public void Streams_edge_and_limit_come_from_the_section()
    {
        var settings = LiveStreamSettings.Parse(new Dictionary<string, string?>
        {
            ["EdgeBaseUrl"] = "https://edge.example.com/hls",
            ["MaxConcurrentStreams"] = "3",
            ["Streams:0:Id"] = "prime",
            ["Streams:0:NameEn"] = "Prime",
            ["Streams:0:NameFr"] = "Prime (fr)",
            ["Streams:0:RequiredKey"] = "stream:live",
            ["Streams:1:Id"] = "backstage",
            ["Streams:1:RequiredKey"] = "stream:replays",
        });

        Assert.Equal(new Uri("https://edge.example.com/hls/"), settings.EdgeBaseUrl);
        Assert.Equal(3, settings.MaxConcurrentStreams);
        Assert.Equal(["prime", "backstage"], settings.Streams.Select(s => s.Id));
        Assert.Equal("Prime (fr)", settings.Streams[0].Name.French);
        Assert.Equal("backstage", settings.Streams[1].Name.English); // no name: the id
        Assert.Equal(EntitlementKey.Parse("stream:replays"), settings.Streams[1].RequiredKey);
    }

    [Theory]
    [InlineData("EdgeBaseUrl", "edge.example.com", "EdgeBaseUrl")]
    [InlineData("EdgeBaseUrl", "ftp://edge.example.com", "EdgeBaseUrl")]
    [InlineData("MaxConcurrentStreams", "0", "MaxConcurrentStreams")]
    [InlineData("MaxConcurrentStreams", "two", "MaxConcurrentStreams")]
    [InlineData("Streams:0:Id", "Main Stage", "Streams:0:Id")]
    [InlineData("Streams:0:Id", "../etc", "Streams:0:Id")]
    [InlineData("Streams:0:RequiredKey", "live", "Streams:0:RequiredKey")]
    public void Malformed_settings_stop_start_up_naming_the_key(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["Streams:0:Id"] = "main", ["Streams:0:RequiredKey"] = "stream:live", [key] = value };

        var error = Assert.Throws<InvalidOperationException>(() => LiveStreamSettings.Parse(settings));

        Assert.Contains("Partners:livestream:" + named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_reads_the_settings_into_the_manifest_and_offers_the_delivery_to_the_host()
    {
        var module = new LiveStreamModule();
        var registrar = new Registrar(new Dictionary<string, string?> { ["Streams:0:Id"] = "s1", ["Streams:0:RequiredKey"] = "stream:live", ["MaxConcurrentStreams"] = "4" });

        Assert.Equal("livestream", module.Manifest.Id);
        module.Register(registrar);

        Assert.Equal(PartnerKind.Stream, module.Manifest.Kind);
        Assert.Equal("s1", Assert.Single(module.Manifest.Resources).Id);
        var delivery = Assert.IsType<IStreamDelivery>(Assert.Single(registrar.Services)(null!), exactMatch: false);
        Assert.Equal(4, delivery.MaxConcurrentStreams);
        Assert.Equal("livestream", delivery.PartnerId);
    }

    private sealed class Registrar(IReadOnlyDictionary<string, string?> settings) : IPartnerRegistrar
    {
        public IReadOnlyDictionary<string, string?> Settings => settings;

        public List<Func<IServiceProvider, object>> Services { get; } = [];

        public void AddSingleton<TService>(Func<IServiceProvider, TService> factory)
            where TService : class => Services.Add(factory);

        public void AddEntitlementListener(Func<IServiceProvider, IEntitlementListener> factory) => Services.Add(factory);
    }
}
