using System.Diagnostics;
using System.Net;
using System.Threading.RateLimiting;
using FanClub.Testing;
using FanClub.Web.RateLimiting;
using FanClub.Web.Tests.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FanClub.Web.Tests.RateLimiting;

/// <summary>
/// The counters several nodes share through Redis, on a real redis-server this class starts (and
/// kills, and starts again on the same port): two stores stand for two nodes. The cluster tests
/// prove the same through three real nodes and nginx; this proves what happens when Redis goes.
/// </summary>
public sealed class SharedCountersTests : IAsyncLifetime
{
    private static readonly WindowLimit FivePerMinute = new(5, TimeSpan.FromMinutes(1));

    private readonly LogSink _logs = new();
    private readonly List<IDisposable> _owned = [];
    private RedisServer? _redis;

    private RedisServer Redis => _redis ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        await Redis.DisposeAsync();
    }

    [Fact]
    public async Task Two_nodes_spend_the_same_permits_and_the_one_past_the_limit_learns_when_to_come_back()
    {
        var key = "LogIn:account:" + Guid.NewGuid().ToString("N")[..24].ToUpperInvariant();
        var nodeA = Limiter(Store(), key, FivePerMinute);
        var nodeB = Limiter(Store(), key, FivePerMinute);

        foreach (var node in new[] { nodeA, nodeB, nodeA, nodeB, nodeA })
        {
            using var granted = await node.AcquireAsync();
            Assert.True(granted.IsAcquired);
        }

        using var refused = await nodeB.AcquireAsync();
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromMilliseconds(1), FivePerMinute.Window);
        using var alsoRefused = nodeA.AttemptAcquire();
        Assert.False(alsoRefused.IsAcquired);

        // Another partition is untouched.
        using var other = await Limiter(Store(), key + "0", FivePerMinute).AcquireAsync();
        Assert.True(other.IsAcquired);
    }

    [Fact]
    public async Task A_window_frees_its_permits_a_quarter_at_a_time_on_the_servers_clock()
    {
        var key = "Checkout:ip:" + Guid.NewGuid().ToString("N")[..24].ToUpperInvariant();
        var twoPerTwoSeconds = new WindowLimit(2, TimeSpan.FromSeconds(2));
        var node = Limiter(Store(), key, twoPerTwoSeconds);
        (await node.AcquireAsync()).Dispose();
        (await node.AcquireAsync()).Dispose();
        using var refused = await node.AcquireAsync();
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));

        await Task.Delay(retryAfter + TimeSpan.FromMilliseconds(50));
        using var again = await node.AcquireAsync();
        Assert.True(again.IsAcquired, $"Still refused {retryAfter.TotalMilliseconds:F0} ms later, when Redis said to come back.");
    }

    [Fact]
    public async Task With_Redis_down_each_node_counts_on_its_own_at_once_and_shares_again_when_Redis_is_back()
    {
        var store = Store();
        var key = "LogIn:ip:" + Guid.NewGuid().ToString("N")[..24].ToUpperInvariant();
        var node = Limiter(store, key, FivePerMinute);
        (await node.AcquireAsync()).Dispose();

        Redis.Kill();
        // Still limited, never refused wholesale, and never waiting on Redis: five quick permits, then no.
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < FivePerMinute.PermitLimit; i++)
        {
            using var local = await node.AcquireAsync();
            Assert.True(local.IsAcquired, $"Permit {i + 1} of the node's own window was refused.");
        }

        using (var sixth = await node.AcquireAsync())
        {
            Assert.False(sixth.IsAcquired);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"Six attempts with Redis down took {clock.Elapsed.TotalMilliseconds:F0} ms.");
        Assert.False(store.Available);
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("out of reach", StringComparison.Ordinal));

        await Redis.RestartAsync();
        var fresh = "LogIn:ip:" + Guid.NewGuid().ToString("N")[..24].ToUpperInvariant();
        var deadline = Stopwatch.StartNew();
        while (!store.Available || !await KeyExistsAsync(fresh))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "The store never went back to Redis.");
            await Task.Delay(250);
            (await Limiter(store, fresh, FivePerMinute).AcquireAsync()).Dispose();
        }

        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("shared through Redis again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_site_whose_Redis_is_down_still_signs_in_and_still_limits_per_node()
    {
        await using var database = await TestDatabase.CreateAsync("ratelimit_redis_down");
        await using var host = new FanClubWebFactory(database) { ProductionRateLimits = true };
        host.Settings["ConnectionStrings:Redis"] = $"127.0.0.1:{RedisServer.FreePort()}";
        host.Settings["RateLimiting:KeySecret"] = new string('k', RateLimitingOptionsValidator.MinKeySecretLength);
        var accounts = new AccountSteps(host, database);
        var email = await accounts.ConfirmedMemberAsync();
        var limit = host.Services.GetRequiredService<IOptions<RateLimitingOptions>>().Value.LogIn.PerAccount.PermitLimit;

        using (var signedIn = await AccountSteps.LogInAsync(Client(host), email, AccountSteps.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        for (var attempt = 2; attempt <= limit; attempt++)
        {
            using var wrong = await AccountSteps.LogInAsync(Client(host), email, "a wrong but long password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var refused = await AccountSteps.LogInAsync(Client(host), email, AccountSteps.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Rate-limit counters in Redis are out of reach", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Redis_without_a_shared_key_secret_stops_the_host_at_start_up()
    {
        await using var database = await TestDatabase.CreateAsync("ratelimit_no_secret");
        await using var host = new FanClubWebFactory(database) { ProductionRateLimits = true };
        host.Settings["ConnectionStrings:Redis"] = Redis.Configuration;
        var failure = Assert.Throws<OptionsValidationException>(() => host.Server);
        Assert.Contains("RateLimiting:KeySecret is required with ConnectionStrings:Redis", failure.Message, StringComparison.Ordinal);
    }

    private static FormClient Client(FanClubWebFactory host) =>
        new(host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

    private RedisRateLimitStore Store()
    {
#pragma warning disable CA2000 // Kept and disposed with the test.
        var loggers = LoggerFactory.Create(logging => logging.AddProvider(_logs));
#pragma warning restore CA2000
        _owned.Add(loggers);
        var store = new RedisRateLimitStore(Redis.Configuration, loggers.CreateLogger<RedisRateLimitStore>());
        _owned.Add(store);
        return store;
    }

    private SharedWindowLimiter Limiter(RedisRateLimitStore store, string key, WindowLimit limit)
    {
        var limiter = new SharedWindowLimiter(store, key, limit, () => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit, Window = limit.Window, SegmentsPerWindow = RateLimitingExtensions.SegmentsPerWindow, QueueLimit = 0,
        }));
        _owned.Add(limiter);
        return limiter;
    }

    private async Task<bool> KeyExistsAsync(string key)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{Redis.Configuration},abortConnect=false");
        return await redis.GetDatabase().KeyExistsAsync(RedisRateLimitStore.KeyPrefix + key);
    }
}
