using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FanClub.Billing.Webhooks;
using FanClub.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Billing;

/// <summary>
/// Someone who is not Stripe, or who recorded Stripe's traffic, posts to <c>/webhooks/stripe</c>:
/// each attempt is refused, leaves a warning in the log, and changes nothing. (Forged, tampered,
/// missing and stale signatures one by one: <see cref="WebhookTests"/>.)
/// </summary>
public sealed class WebhookAttackTests(BillingFixture fixture, ITestOutputHelper output) : BillingTest(fixture)
{
    [Fact]
    public async Task Every_forgery_replay_and_oversized_body_is_refused_logged_and_has_no_effect()
    {
        var member = await MemberAsync();
        await CheckoutAsync(member.Client);
        var events = await NewEventsAsync();
        Factory.Logs.Clear();
        var attempts = 0;

        foreach (var e in events)
        {
            var json = e.ToJsonString();
            // Recorded off the wire and replayed ten minutes later, with its own (then valid) signature.
            var recorded = Sign(json, AppNow - TimeSpan.FromMinutes(10), BillingFixture.WebhookSecret);
            await AssertRefusedAsync(json, recorded, HttpStatusCode.BadRequest);
            // Signed "in the future" to outlive the tolerance.
            await AssertRefusedAsync(json, Sign(json, AppNow + TimeSpan.FromMinutes(10), BillingFixture.WebhookSecret), HttpStatusCode.BadRequest);
            // A valid signature moved onto another event's body.
            var other = events.First(o => o != e).ToJsonString();
            await AssertRefusedAsync(other, Sign(json), HttpStatusCode.BadRequest);
            // An event with its amount raised after signing.
            var richer = e.DeepClone().AsObject();
            richer["id"] = (string)e["id"]! + "x";
            await AssertRefusedAsync(richer.ToJsonString(), Sign(json), HttpStatusCode.BadRequest);
            // Signed with the key of another Stripe account, and in v0 (the scheme Stripe only uses for test-mode examples).
            await AssertRefusedAsync(json, Sign(json, AppNow, "whsec_another_account_entirely"), HttpStatusCode.BadRequest);
            await AssertRefusedAsync(json, Sign(json).Replace("v1=", "v0=", StringComparison.Ordinal), HttpStatusCode.BadRequest);
            attempts += 6;
        }

        // Oversized: a correctly signed body past the 256 KiB limit, with and without Content-Length.
        var huge = events[0].DeepClone().AsObject();
        huge["padding"] = new string('x', 300 * 1024);
        var hugeJson = huge.ToJsonString();
        await AssertRefusedAsync(hugeJson, Sign(hugeJson), HttpStatusCode.RequestEntityTooLarge);
        using (var chunked = await PostChunkedAsync(hugeJson, Sign(hugeJson)))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
            Assert.Equal("application/problem+json", chunked.Content.Headers.ContentType?.MediaType);
        }

        attempts += 2;

        Assert.Empty(await InboxAsync());
        Assert.Empty(await ReadAsync(db => db.Subscriptions.AsNoTracking().Where(s => s.MemberId == member.MemberId).ToListAsync()));
        Assert.Empty(await NoticesAsync(member.MemberId));
        var warnings = Factory.Logs.Entries.Count(l => l.Level == LogLevel.Warning && l.Message.StartsWith("Stripe webhook rejected", StringComparison.Ordinal));
        Assert.Equal(attempts - 2, warnings);
        output.WriteLine($"{attempts} forged, replayed or oversized deliveries: all refused, {warnings} signature warnings logged (oversized bodies are refused before the endpoint), nothing recorded");

        // The genuine events still work, once each, and a genuine replay of an applied event changes nothing.
        foreach (var e in events)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostEventAsync(e)).Status);
        }

        await DeliverAsync();
        Assert.Equal(SubscriptionStatus.Active, (await LocalSubscriptionAsync(member.MemberId)).Status);
        var inbox = await InboxAsync();
        foreach (var e in events)
        {
            var replay = await PostEventAsync(e);
            Assert.Equal(HttpStatusCode.OK, replay.Status);
            Assert.Contains(nameof(WebhookOutcome.Duplicate), replay.Body, StringComparison.Ordinal);
        }

        Assert.Equal(inbox.Order(StringComparer.Ordinal), (await InboxAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(["Receipt", "Welcome"], await NoticeKindsAsync(member.MemberId));
    }

    private async Task AssertRefusedAsync(string json, string? signature, HttpStatusCode expected)
    {
        using var response = await PostWebhookAsync(json, signature);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpResponseMessage> PostChunkedAsync(string json, string signature)
    {
        using var client = Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(StripeWebhookEndpoint.Path, UriKind.Relative))
        {
            // A stream of unknown length is sent without Content-Length.
            Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(json))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await client.SendAsync(request);
    }

    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
