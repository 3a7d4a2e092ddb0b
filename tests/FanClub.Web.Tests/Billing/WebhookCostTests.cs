using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using FanClub.Web.Benchmarking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Billing;

/// <summary>
/// What one webhook costs: database round trips (the app's own <see cref="QueryCounter"/>) and calls to
/// Stripe (System.Net.Http's request metric for the sandbox's port). Launch-night ingestion is bound by
/// them (docs/performance.md, "Webhook ingestion (7)"), so they are held here, with the state checked
/// after each delivery so that fewer round trips never means less done.
/// </summary>
public sealed class WebhookCostTests(BillingFixture fixture, ITestOutputHelper output) : BillingTest(fixture)
{
    [Fact]
    public async Task An_invoice_event_costs_at_most_7_round_trips_and_2_Stripe_reads_and_a_duplicate_2_and_none()
    {
        var member = await MemberAsync();
        await CheckoutAsync(member.Client);
        var events = await NewEventsAsync();
        var paid = events.Single(e => (string)e["type"]! == "invoice.paid");

        // First news of the subscription, as in the benchmark: the invoice event creates it, the payment, two notices.
        var first = await MeasureAsync(paid);
        Assert.Equal(1, await ReadAsync(db => db.Payments.CountAsync(p => p.MemberId == member.MemberId && p.PaidAt != null)));
        Assert.Equal(["Receipt", "Welcome"], await NoticeKindsAsync(member.MemberId));
        Assert.InRange(first.Commands, 1, 7);
        Assert.InRange(first.StripeCalls, 1, 2);

        // Another event about the same invoice (Stripe's own repeats carry new ids): re-read once, nothing new.
        var again = (JsonObject)paid.DeepClone();
        again["id"] = (string)paid["id"]! + "_again";
        var repeat = await MeasureAsync(again);
        Assert.Equal(1, await ReadAsync(db => db.Payments.CountAsync(p => p.MemberId == member.MemberId)));
        Assert.Equal(["Receipt", "Welcome"], await NoticeKindsAsync(member.MemberId));
        Assert.InRange(repeat.Commands, 1, 5);
        Assert.Equal(1, repeat.StripeCalls);

        // The same event id again: the inbox answers in the command that takes the lock, Stripe is not asked.
        var duplicate = await MeasureAsync(paid);
        Assert.Contains("Duplicate", duplicate.Body, StringComparison.Ordinal);
        Assert.InRange(duplicate.Commands, 1, 2);
        Assert.Equal(0, duplicate.StripeCalls);

        // The rest of the events, in order: the state is Stripe's, each effect once.
        foreach (var e in events.Where(e => !ReferenceEquals(e, paid)))
        {
            Assert.Equal(HttpStatusCode.OK, (await PostEventAsync(e)).Status);
        }

        Assert.Single(await ReadAsync(db => db.Subscriptions.AsNoTracking().Where(s => s.MemberId == member.MemberId).ToListAsync()));
        Assert.Single(await ReadAsync(db => db.Payments.AsNoTracking().Where(p => p.MemberId == member.MemberId).ToListAsync()));
        Assert.Equal(["Receipt", "Welcome"], await NoticeKindsAsync(member.MemberId));
    }

    [Fact]
    public async Task An_event_is_applied_even_when_the_sender_stops_waiting_for_the_answer()
    {
        var member = await MemberAsync();
        await CheckoutAsync(member.Client);
        var paid = (await NewEventsAsync()).Single(e => (string)e["type"]! == "invoice.paid");

        // Stripe is slow, so the sender gives up before the answer, as Stripe's own timeout (or wrk's) would.
        Sandbox.Faults.Latency = TimeSpan.FromSeconds(1);
        try
        {
            using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var json = paid.ToJsonString();
            using var client = Factory.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(FanClub.Billing.Webhooks.StripeWebhookEndpoint.Path, UriKind.Relative))
            {
                Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", Sign(json));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(request, impatient.Token));

            // The work goes on and commits: the redelivery will find it done.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!(await InboxAsync()).Contains((string)paid["id"]!) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
        finally
        {
            Sandbox.Faults.Latency = TimeSpan.Zero;
        }

        Assert.Contains((string)paid["id"]!, await InboxAsync());
        Assert.Equal(1, await ReadAsync(db => db.Payments.CountAsync(p => p.MemberId == member.MemberId && p.PaidAt != null)));
        var redelivered = await PostEventAsync(paid);
        Assert.Equal(HttpStatusCode.OK, redelivered.Status);
        Assert.Contains("Duplicate", redelivered.Body, StringComparison.Ordinal);
    }

    private async Task<(int Commands, int StripeCalls, string Body)> MeasureAsync(JsonObject stripeEvent)
    {
        var queries = Factory.Services.GetRequiredService<QueryCounter>();
        var port = new Uri(Sandbox.ApiBase).Port;
        var stripeCalls = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "server.port" && Convert.ToInt32(tag.Value, System.Globalization.CultureInfo.InvariantCulture) == port)
                {
                    Interlocked.Increment(ref stripeCalls);
                }
            }
        });
        listener.Start();

        var before = queries.Total;
        var delivery = await PostEventAsync(stripeEvent);
        var commands = (int)(queries.Total - before);
        Assert.Equal(HttpStatusCode.OK, delivery.Status);
        output.WriteLine($"{delivery.EventId}: {commands} database commands, {Volatile.Read(ref stripeCalls)} Stripe calls, {delivery.Body}");
        return (commands, Volatile.Read(ref stripeCalls), delivery.Body);
    }
}
