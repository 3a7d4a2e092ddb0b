using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FanClub.Domain.Common;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Tiers;
using FanClub.Web.Accounts;
using FanClub.Web.Data;
using FanClub.Web.Partners;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FanClub.Web.Tests.Partners;

/// <summary>A partner's webhook endpoint on a real port: records what arrives, and can be made to fail.</summary>
public sealed class PartnerEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PartnerEndpoint(WebApplication app) => _app = app;

    public ConcurrentQueue<(IReadOnlyDictionary<string, string> Headers, string Body)> Received { get; } = new();

    /// <summary>While set, the endpoint answers 503 (a partner outage).</summary>
    public bool Down { get; set; }

    /// <summary>While set, a request is noted in <see cref="Arrived"/> and never answered (the sender is meant to die meanwhile).</summary>
    public bool Hang { get; set; }

    /// <summary>The <c>webhook-id</c> of every request that reached the endpoint, answered or not.</summary>
    public ConcurrentQueue<string> Arrived { get; } = new();

    public Uri Url => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks/fanclub");

    public static async Task<PartnerEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new PartnerEndpoint(app);
        app.MapPost("/hooks/fanclub", async (HttpRequest request) =>
        {
            endpoint.Arrived.Enqueue(request.Headers["webhook-id"].ToString());
            if (endpoint.Hang)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, request.HttpContext.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.StatusCode(StatusCodes.Status499ClientClosedRequest);
            }

            if (endpoint.Down)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            using var reader = new StreamReader(request.Body);
            // Kestrel reuses the header collection once the request ends: keep a copy.
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            endpoint.Received.Enqueue((headers, await reader.ReadToEndAsync()));
            return Results.NoContent();
        });
        await app.StartAsync();
        return endpoint;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed class PartnerWebhookTests(WebAppFixture fixture) : WebTest(fixture)
{
    private async Task<(PartnerAccount Partner, Guid Member, Tier Tier)> SetUpAsync(Uri webhookUrl)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        var (partner, _) = PartnerAccount.Create("cdn-" + Guid.NewGuid().ToString("N")[..6], "CDN", webhookUrl, Factory.Clock.GetUtcNow());
        db.Partners.Add(partner);
        var tier = Tier.Create(Guid.NewGuid(), "t" + Guid.NewGuid().ToString("N")[..8], new LocalizedText("Fan", "Fan"), new LocalizedText("Fan", "Fan"),
            new Money(999, "EUR"), new Money(9990, "EUR"), 0, 0, [EntitlementKey.Parse("stream:live")]).Value;
        db.Tiers.Add(tier);
        await db.SaveChangesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>();
        var user = new FanClubUser { UserName = $"w{Guid.NewGuid():N}@example.com", Email = $"w{Guid.NewGuid():N}@example.com", DisplayName = "W", EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        return (partner, user.Id, tier);
    }

    private async Task ChangeAsync(Action<FanClubDbContext> change)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        change(db);
        await db.SaveChangesAsync();
    }

    /// <summary>One pass of what the background service does every second.</summary>
    private async Task<int> NotifyPartnersAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EntitlementNoticeDispatcher>().DispatchAsync(CancellationToken.None);
        return await scope.ServiceProvider.GetRequiredService<PartnerWebhookSender>().SendDueAsync(CancellationToken.None);
    }

    /// <summary>
    /// Runs notification passes until <paramref name="count"/> messages for the member arrived (the
    /// background service shares the fake clock and may deliver some itself), then one more pass to
    /// prove nothing further comes.
    /// </summary>
    private async Task<List<(IReadOnlyDictionary<string, string> Headers, string Body)>> MessagesAsync(PartnerEndpoint endpoint, Guid member, int count)
    {
        List<(IReadOnlyDictionary<string, string> Headers, string Body)> For() =>
            [.. endpoint.Received.Where(r => Data(r.Body).GetProperty("member").GetGuid() == member)];
        for (var pass = 0; pass < 40 && For().Count < count; pass++)
        {
            await NotifyPartnersAsync();
            await Task.Delay(25);
        }

        await NotifyPartnersAsync();
        await Task.Delay(100);
        return For();
    }

    private static JsonElement Data(string body) => JsonDocument.Parse(body).RootElement.GetProperty("data");

    /// <summary>Checked the way a partner would, from the Standard Webhooks spec rather than FanClub's code.</summary>
    private static void AssertSignedBy(PartnerAccount partner, IReadOnlyDictionary<string, string> headers, string body)
    {
        var id = headers["webhook-id"];
        var timestamp = headers["webhook-timestamp"];
        var key = Convert.FromBase64String(partner.WebhookSecret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        Assert.StartsWith("msg_", id, StringComparison.Ordinal);
        Assert.Equal(expected, headers["webhook-signature"]);
    }

    [Fact]
    public async Task A_grant_and_a_revocation_reach_the_partner_once_each_signed_and_in_order()
    {
        await using var endpoint = await PartnerEndpoint.StartAsync();
        var (partner, member, tier) = await SetUpAsync(endpoint.Url);

        await ChangeAsync(db => db.Comps.Add(Comp.Grant(Guid.NewGuid(), member, tier.Id, 7, "Contest", Guid.NewGuid(), Factory.Clock.GetUtcNow()).Value));
        await ChangeAsync(db => db.Bans.Add(Ban.Impose(Guid.NewGuid(), member, "Sharing", Guid.NewGuid(), Factory.Clock.GetUtcNow())));

        var received = await MessagesAsync(endpoint, member, 1);
        // Both changes were pending together: FanClub tells the partner the net result, a ban.
        var message = Assert.Single(received);
        AssertSignedBy(partner, message.Headers, message.Body);
        Assert.True(Data(message.Body).GetProperty("banned").GetBoolean());
        Assert.Empty(Data(message.Body).GetProperty("current").EnumerateArray());
    }

    [Fact]
    public async Task Separate_changes_arrive_as_separate_messages_in_the_order_they_happened()
    {
        await using var endpoint = await PartnerEndpoint.StartAsync();
        var (_, member, tier) = await SetUpAsync(endpoint.Url);

        await ChangeAsync(db => db.Comps.Add(Comp.Grant(Guid.NewGuid(), member, tier.Id, 7, "Contest", Guid.NewGuid(), Factory.Clock.GetUtcNow()).Value));
        await MessagesAsync(endpoint, member, 1);
        await ChangeAsync(db => db.Bans.Add(Ban.Impose(Guid.NewGuid(), member, "Sharing", Guid.NewGuid(), Factory.Clock.GetUtcNow())));

        var received = (await MessagesAsync(endpoint, member, 2)).Select(r => Data(r.Body)).ToList();
        Assert.Equal(2, received.Count);
        Assert.Equal(["stream:live"], received[0].GetProperty("granted").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["stream:live"], received[1].GetProperty("revoked").EnumerateArray().Select(k => k.GetString()));
        Assert.True(received[0].GetProperty("change").GetInt64() < received[1].GetProperty("change").GetInt64());
    }

    [Fact]
    public async Task A_partner_outage_delays_messages_with_backoff_then_delivers_them_all_in_order()
    {
        await using var endpoint = await PartnerEndpoint.StartAsync();
        var (_, member, tier) = await SetUpAsync(endpoint.Url);
        endpoint.Down = true;

        var comp = Comp.Grant(Guid.NewGuid(), member, tier.Id, 7, "Contest", Guid.NewGuid(), Factory.Clock.GetUtcNow()).Value;
        await ChangeAsync(db => db.Comps.Add(comp));
        await NotifyPartnersAsync();
        await ChangeAsync(db => db.Comps.Attach(comp).Entity.Revoke(Factory.Clock.GetUtcNow()));
        await NotifyPartnersAsync();

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
            var queued = await db.PartnerDeliveries.AsNoTracking().Where(d => d.MemberId == member).OrderBy(d => d.Id).ToListAsync();
            Assert.Equal(2, queued.Count);
            Assert.All(queued, d => Assert.Null(d.DeliveredAt));
            // The second message waits behind the first: only the first was attempted.
            Assert.Equal([1, 0], queued.Select(d => d.Attempts));
            Assert.True(queued[0].NextAttemptAt > Factory.Clock.GetUtcNow());
        }

        // An hour of outage: retries back off, nothing is dropped.
        for (var minute = 0; minute < 60; minute += 5)
        {
            Factory.Clock.Advance(TimeSpan.FromMinutes(5));
            await NotifyPartnersAsync();
        }

        Assert.DoesNotContain(endpoint.Received, r => Data(r.Body).GetProperty("member").GetGuid() == member);
        endpoint.Down = false;
        Factory.Clock.Advance(TimeSpan.FromHours(1));
        var received = (await MessagesAsync(endpoint, member, 2)).Select(r => Data(r.Body)).ToList();

        Assert.Equal(2, received.Count);
        Assert.Equal("stream:live", received[0].GetProperty("granted")[0].GetString());
        Assert.Equal("stream:live", received[1].GetProperty("revoked")[0].GetString());
    }

    [Fact]
    public async Task Access_that_ends_by_the_clock_is_announced_when_it_ends()
    {
        await using var endpoint = await PartnerEndpoint.StartAsync();
        var (_, member, tier) = await SetUpAsync(endpoint.Url);

        await ChangeAsync(db => db.Comps.Add(Comp.Grant(Guid.NewGuid(), member, tier.Id, 1, "Day pass", Guid.NewGuid(), Factory.Clock.GetUtcNow()).Value));
        await MessagesAsync(endpoint, member, 1);
        Factory.Clock.Advance(TimeSpan.FromDays(1));

        var received = (await MessagesAsync(endpoint, member, 2)).Select(r => Data(r.Body)).ToList();
        Assert.Equal(2, received.Count);
        Assert.Equal("stream:live", received[1].GetProperty("revoked")[0].GetString());
    }

    [Fact]
    public async Task Several_nodes_dispatching_at_once_tell_the_partner_once()
    {
        await using var endpoint = await PartnerEndpoint.StartAsync();
        var (_, member, tier) = await SetUpAsync(endpoint.Url);
        await ChangeAsync(db => db.Comps.Add(Comp.Grant(Guid.NewGuid(), member, tier.Id, 1, "Day pass", Guid.NewGuid(), Factory.Clock.GetUtcNow()).Value));
        await MessagesAsync(endpoint, member, 1);

        // The comp ends by the clock: five dispatchers see the recheck due at the same moment.
        Factory.Clock.Advance(TimeSpan.FromDays(1));
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(NotifyPartnersAsync)));

        var received = await MessagesAsync(endpoint, member, 2);
        Assert.Equal(2, received.Count);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        Assert.Equal(1, await db.EntitlementChanges.CountAsync(c => c.MemberId == member && c.Cause == "expiry"));
    }
}
