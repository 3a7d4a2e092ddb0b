using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FanClub.Domain.Subscriptions;
using FanClub.StripeSandbox;
using FanClub.Testing;
using FanClub.Web.Data;
using FanClub.Web.Partners;
using FanClub.Web.Tests.Billing;
using FanClub.Web.Tests.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Faults;

/// <summary>
/// FanClub killed with SIGKILL twice: in the middle of applying a Stripe webhook (inside its
/// transaction, while it re-reads the object from Stripe), and in the middle of sending a partner
/// notification. After each restart and redelivery, every effect exists exactly once: the
/// <c>stripe_inbox</c> row, the subscription, the payment and the notices; the partner message
/// (same <c>webhook-id</c> both times, so the partner applies it once) and its outbox row.
/// </summary>
public sealed class CrashRecoveryTests(BillingFixture fixture, ITestOutputHelper output) : BillingTest(fixture)
{
    [Fact]
    public async Task Killed_mid_webhook_and_mid_partner_notification_each_effect_happens_exactly_once()
    {
        await using var partner = await PartnerEndpoint.StartAsync();
        partner.Hang = true;
        await AddPartnerAsync(partner.Url);
        var member = await MemberAsync();
        await CheckoutAsync(member.Client);
        var events = await NewEventsAsync();
        var completed = events.Single(e => (string)e["type"]! == "checkout.session.completed");
        var keys = Directory.CreateTempSubdirectory("fanclub-crash-keys-");
        await using var site = new FanClubProcess(RepositoryFiles.PathOf("src", "FanClub.Web", "bin", "Debug", "net10.0"), new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__FanClub"] = Database.ConnectionString,
            ["Stripe__SecretKey"] = BillingFixture.ApiKey,
            ["Stripe__WebhookSecret"] = BillingFixture.WebhookSecret,
            ["Stripe__ApiBase"] = Sandbox.ApiBase,
            ["Email__OutboxPath"] = Path.Combine(keys.FullName, "mail"),
            ["Partners__Tokens__JwtKeyFolder"] = keys.FullName,
            ["Demo__Seed"] = "false",
        });
        using var http = new HttpClient { BaseAddress = site.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        // 1. Killed while applying checkout.session.completed: its transaction has recorded the event
        // in the inbox and waits on Stripe (the sandbox holds that call).
        await site.StartAsync();
        Sandbox.Faults.Add(new FaultRule("/v1/checkout/sessions", FaultKind.Delay, Count: 1, Method: "GET", Delay: TimeSpan.FromSeconds(30)));
        var inFlight = PostToSiteAsync(http, completed);
        await WaitForAsync(() => Sandbox.Faults.Injected == 1, "the webhook to reach its Stripe call");
        await site.KillAsync();
        var cut = await Record.ExceptionAsync(() => inFlight);
        Assert.NotNull(cut); // Stripe got no answer, so it will deliver again.
        Assert.Empty(await InboxAsync());

        // 2. Restarted: Stripe redelivers everything (the cut event included), then retries it all
        // again for good measure. Meanwhile the entitlement change reaches the partner, whose
        // endpoint holds the request: killed mid-send.
        await site.StartAsync();
        foreach (var e in events)
        {
            using var response = await PostToSiteAsync(http, e);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{e["type"]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        foreach (var e in events)
        {
            using var again = await PostToSiteAsync(http, e);
            Assert.Contains("Duplicate", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await WaitForAsync(() => !partner.Arrived.IsEmpty, "the partner notification to be sent");
        await site.KillAsync();
        // Under load the sender's own timeout may already have ended an attempt and retried it: the
        // same message every time, never a second one overtaking it.
        var cutMessage = Assert.Single(partner.Arrived.Distinct(StringComparer.Ordinal));
        Assert.Empty(partner.Received);

        // 3. Restarted again: the outbox row was never marked sent, so it goes out again, same id.
        partner.Hang = false;
        await site.StartAsync();
        await WaitForAsync(() => !partner.Received.IsEmpty, "the partner notification to be sent again");
        await WaitForAsync(() => CountAsync(db => db.PartnerDeliveries.CountAsync(d => d.DeliveredAt == null)).Result == 0, "the outbox to be empty");
        await site.KillAsync();

        // Exactly once, everywhere.
        var inbox = await InboxAsync();
        Assert.Equal(events.Select(e => (string)e["id"]!).Order(StringComparer.Ordinal), inbox.Order(StringComparer.Ordinal));
        Assert.Equal(SubscriptionStatus.Active, (await LocalSubscriptionAsync(member.MemberId)).Status);
        Assert.Equal(1, await CountAsync(db => db.Subscriptions.CountAsync(s => s.MemberId == member.MemberId)));
        Assert.Equal(1, await CountAsync(db => db.Payments.CountAsync(p => p.MemberId == member.MemberId)));
        Assert.Equal(["Receipt", "Welcome"], await NoticeKindsAsync(member.MemberId));
        var deliveries = await ReadAsync(db => db.PartnerDeliveries.AsNoTracking().Where(d => d.MemberId == member.MemberId).ToListAsync());
        var arrivedIds = partner.Arrived.ToList();
        var appliedIds = partner.Received.Select(r => r.Headers["webhook-id"]).ToList();
        Assert.Equal(arrivedIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), appliedIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        Assert.Equal(deliveries.Count, appliedIds.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(cutMessage, appliedIds);
        Assert.All(deliveries, d => Assert.NotNull(d.DeliveredAt));
        output.WriteLine($"2 kills: the cut webhook was applied once after redelivery ({events.Count} events, {inbox.Count} inbox rows, 1 subscription, 1 payment, notices {string.Join("+", await NoticeKindsAsync(member.MemberId))}); " +
            $"the partner saw {arrivedIds.Count} requests for {deliveries.Count} outbox rows, message {cutMessage} twice with the same id, applied once");
        keys.Delete(recursive: true);
    }

    private async Task AddPartnerAsync(Uri webhook)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        db.Partners.Add(PartnerAccount.Create("crash-" + Guid.NewGuid().ToString("N")[..6], "Crash partner", webhook, AppNow).Account);
        await db.SaveChangesAsync();
    }

    private static async Task<HttpResponseMessage> PostToSiteAsync(HttpClient site, JsonObject stripeEvent)
    {
        var json = stripeEvent.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/webhooks/stripe", UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        // The child runs on the real clock: sign at real time, as Stripe does.
        request.Headers.TryAddWithoutValidation("Stripe-Signature", Sign(json, DateTimeOffset.UtcNow, BillingFixture.WebhookSecret));
        return await site.SendAsync(request);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    private async Task<int> CountAsync(Func<FanClubDbContext, Task<int>> count)
    {
        await using var db = Database.CreateContext();
        return await count(db);
    }
}
