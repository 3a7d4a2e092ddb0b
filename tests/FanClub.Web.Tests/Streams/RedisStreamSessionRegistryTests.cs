using System.Diagnostics;
using FanClub.Testing;
using FanClub.Web.Partners.Tokens;
using FanClub.Web.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Streams;

/// <summary>
/// The Redis registry against a real redis-server: two registries on two connections stand for two
/// nodes. One script per start or renewal decides atomically, keys expire by themselves, and when
/// Redis is gone a member already watching is not cut off (docs/deployment.md, "Stream sessions").
/// The three-node version, through real FanClub processes, is in FanClub.Cluster.Tests.
/// </summary>
public sealed class RedisStreamSessionRegistryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly LogSink _logs = new();
    private readonly List<IDisposable> _disposables = [];
    private RedisServer? _redis;

    private RedisServer Redis => _redis ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            disposable.Dispose();
        }

        await Redis.DisposeAsync();
        _logs.Dispose();
    }

    [Fact]
    public async Task Players_starting_on_two_nodes_at_the_same_instant_cannot_exceed_the_limit()
    {
        var (node1, node2) = (await NodeAsync(), await NodeAsync());
        var member = Guid.NewGuid();
        using var go = new ManualResetEventSlim();
        var starts = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            go.Wait();
            var node = i % 2 == 0 ? node1 : node2;
            return (Player: "player-" + i, Outcome: await node.StartOrRenewAsync(member, "player-" + i, 2, default));
        })).ToList();
        go.Set();
        var outcomes = await Task.WhenAll(starts);

        var started = outcomes.Where(o => o.Outcome == StreamSessionOutcome.Started).Select(o => o.Player).ToList();
        Assert.Equal(2, started.Count);
        Assert.Equal(38, outcomes.Count(o => o.Outcome == StreamSessionOutcome.LimitReached));

        // Renewals are allowed on either node; the one that ended frees its slot for the other node.
        Assert.Equal(StreamSessionOutcome.Renewed, await node2.StartOrRenewAsync(member, started[0], 2, default));
        Assert.Equal(StreamSessionOutcome.Renewed, await node1.StartOrRenewAsync(member, started[1], 2, default));
        await node1.EndAsync(member, started[0], default);
        Assert.Equal(StreamSessionOutcome.Started, await node2.StartOrRenewAsync(member, "player-late", 2, default));

        // One sorted set per member, expiring one active window after its last renewal.
        using var admin = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        var key = RedisStreamSessionRegistry.KeyOf(member);
        Assert.Equal(2, await admin.GetDatabase().SortedSetLengthAsync(key));
        var ttl = await admin.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.True(ttl is { } t && t > Window - TimeSpan.FromMinutes(1) && t <= Window, $"TTL {ttl}");

        await node2.EndAllAsync(member, default);
        Assert.False(await admin.GetDatabase().KeyExistsAsync(key));
    }

    [Fact]
    public async Task A_renewal_is_one_round_trip_and_the_script_travels_once()
    {
        var node = await NodeAsync();
        var member = Guid.NewGuid();
        using var admin = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration + ",allowAdmin=true");
        var server = admin.GetServer(Redis.Configuration);
        await server.ConfigResetStatisticsAsync();

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            await node.StartOrRenewAsync(member, "phone", 2, default);
        }

        clock.Stop();
        var stats = (await server.InfoAsync("commandstats")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        long Calls(string command) => stats.TryGetValue("cmdstat_" + command, out var line)
            ? long.Parse(line.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        output.WriteLine($"1,000 renewals in {clock.ElapsedMilliseconds} ms ({clock.Elapsed.TotalMicroseconds / 1000:F0} µs each, one after the other); " +
            $"EVAL {Calls("eval")}, EVALSHA {Calls("evalsha")}, other commands: {string.Join(", ", stats.Keys.Where(k => k is not "cmdstat_eval" and not "cmdstat_evalsha"))}");
        Assert.Equal(1000, Calls("eval") + Calls("evalsha"));
        Assert.True(Calls("eval") <= 1, $"The script text was sent {Calls("eval")} times, not once then by its SHA.");
    }

    [Fact]
    public async Task A_player_that_stops_renewing_frees_its_slot_after_the_active_window()
    {
        var node = await NodeAsync();
        var member = Guid.NewGuid();
        await node.StartOrRenewAsync(member, "closed", 2, default);
        await node.StartOrRenewAsync(member, "playing", 2, default);
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(StreamSessionOutcome.Renewed, await node.StartOrRenewAsync(member, "playing", 2, default));
        Assert.Equal(StreamSessionOutcome.LimitReached, await node.StartOrRenewAsync(member, "third", 2, default));

        _clock.Advance(TimeSpan.FromMinutes(4));

        Assert.Equal(StreamSessionOutcome.Started, await node.StartOrRenewAsync(member, "third", 2, default));
        Assert.Equal(StreamSessionOutcome.LimitReached, await node.StartOrRenewAsync(member, "closed", 2, default));
    }

    [Fact]
    public async Task When_Redis_is_down_watching_members_keep_their_tokens_and_the_outage_is_logged_once()
    {
        var node = await NodeAsync();
        var member = Guid.NewGuid();
        await node.StartOrRenewAsync(member, "phone", 2, default);
        await node.StartOrRenewAsync(member, "laptop", 2, default);

        Redis.Kill();
        var clock = Stopwatch.StartNew();
        var renewed = await node.StartOrRenewAsync(member, "phone", 2, default);
        var extra = await node.StartOrRenewAsync(member, "tablet", 2, default);
        for (var i = 0; i < 20; i++)
        {
            await node.StartOrRenewAsync(member, "laptop", 2, default);
        }

        // Allowed, not counted: a renewal cannot be told from a new start without the registry.
        Assert.Equal(StreamSessionOutcome.Unchecked, renewed);
        Assert.Equal(StreamSessionOutcome.Unchecked, extra);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"22 requests took {clock.Elapsed} with Redis down.");
        var warnings = _logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Category.EndsWith(nameof(RedisStreamSessionRegistry), StringComparison.Ordinal)).ToList();
        Assert.Single(warnings);
        Assert.Contains("without the concurrent-stream limit", warnings[0].Message, StringComparison.Ordinal);

        // Redis comes back empty: the three players re-register as they renew, none is refused.
        await Redis.RestartAsync();
        await WaitUntilAsync(async () => await node.StartOrRenewAsync(member, "phone", 2, default) != StreamSessionOutcome.Unchecked);
        Assert.Equal(StreamSessionOutcome.Started, await node.StartOrRenewAsync(member, "laptop", 2, default));
        Assert.Equal(StreamSessionOutcome.Started, await node.StartOrRenewAsync(member, "tablet", 2, default));
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("registry again", StringComparison.Ordinal));

        // After one window every live player has renewed, and the exact limit is back.
        _clock.Advance(Window - TimeSpan.FromMinutes(1));
        foreach (var player in new[] { "phone", "laptop", "tablet" })
        {
            Assert.Equal(StreamSessionOutcome.Renewed, await node.StartOrRenewAsync(member, player, 2, default));
        }

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(StreamSessionOutcome.Renewed, await node.StartOrRenewAsync(member, "phone", 2, default));
        Assert.Equal(StreamSessionOutcome.LimitReached, await node.StartOrRenewAsync(member, "fourth", 2, default));
    }

    private async Task<RedisStreamSessionRegistry> NodeAsync()
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(FanClub.Web.Cluster.ClusterServiceCollectionExtensions.ParseRedis(Redis.Configuration));
        _disposables.Add(redis);
#pragma warning disable CA2000 // Disposed with the test's loggers.
        var loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));
#pragma warning restore CA2000
        _disposables.Add(loggers);
        var registry = new RedisStreamSessionRegistry(redis, _clock, Options.Create(new PartnerTokenOptions()), loggers.CreateLogger<RedisStreamSessionRegistry>());
        _disposables.Add(registry);
        return registry;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "Redis was not reachable again within 20 s.");
            await Task.Delay(200);
        }
    }
}
