using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FanClub.Billing.Checkout;
using FanClub.Billing.Configuration;
using FanClub.Billing.Gateway;
using FanClub.Billing.Subscriptions;
using FanClub.Domain.Payments;
using FanClub.Domain.Subscriptions;
using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stripe;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Billing;

/// <summary>
/// The property: whatever a member and Stripe do, and however Stripe delivers the events (late,
/// shuffled, repeated, concurrently, mixed with forged and stale copies), FanClub ends where Stripe
/// is, with each ledger row and e-mail once. Random scenarios from a printed seed
/// (<c>FANCLUB_PROPERTY_SEED</c> replays one; <c>FANCLUB_PROPERTY_SCENARIOS</c> sets how many).
/// </summary>
public sealed class BillingPropertyTests(BillingFixture fixture, ITestOutputHelper output) : BillingTest(fixture)
{
    private const int DefaultScenarios = 300;

    private readonly Stats _stats = new();
    private readonly HashSet<string> _validDelivered = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refusedIds = new(StringComparer.Ordinal);
    private TimeSpan _grace;

    private enum Step
    {
        Renew,
        Wait,
        Recover,
        SwitchTier,
        Cancel,
        Resume,
        Refund,
        Dispute,
    }

    [Fact]
    public async Task Any_order_and_repetition_of_a_scenarios_events_ends_in_Stripes_truth_with_each_effect_once()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FANCLUB_PROPERTY_SEED"), CultureInfo.InvariantCulture, out var fixedSeed)
            ? fixedSeed : Random.Shared.Next();
        var count = int.TryParse(Environment.GetEnvironmentVariable("FANCLUB_PROPERTY_SCENARIOS"), CultureInfo.InvariantCulture, out var n) ? n : DefaultScenarios;
        output.WriteLine($"seed {seed} (replay with FANCLUB_PROPERTY_SEED={seed})");
        var random = new Random(seed);
        _grace = Factory.Services.GetRequiredService<IOptions<BillingOptions>>().Value.GracePeriod;
        await LinkTierPricesAsync();
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < count; i++)
        {
            var log = new List<string>();
            try
            {
                await RunScenarioAsync(i, random, log);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                output.WriteLine($"scenario {i} failed (seed {seed}): {string.Join(" → ", log)}");
                throw;
            }
        }

        output.WriteLine($"{count} scenarios, {_stats.Deliveries} deliveries ({_stats.Valid} valid: {_stats.Distinct} distinct events, "
            + $"{_stats.Valid - _stats.Distinct} duplicates, {_stats.Concurrent} sent concurrently; {_stats.Refused} forged or stale, all refused) in {watch.Elapsed.TotalSeconds:F0} s");
        output.WriteLine("steps: " + string.Join(", ", _stats.Steps.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}")));
        output.WriteLine("event types: " + string.Join(", ", _stats.Types.OrderByDescending(t => t.Value).Select(t => $"{t.Key} {t.Value}")));
    }

    private async Task RunScenarioAsync(int index, Random random, List<string> log)
    {
        var memberId = await NewMemberAsync(index);
        var tier = random.NextDouble() < 0.7 ? Gold : Vip;
        var card = random.NextDouble() < 0.4 ? CardFailsAtRenewal : CardSucceeds;
        // Either events trickle in while things happen, or all arrive after the fact (an outage).
        var stepwise = random.NextDouble() < 0.5;
        log.Add($"subscribe {tier.Slug} card {card[^4..]} {(stepwise ? "stepwise" : "all at end")}");

        Uri checkout;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var started = await scope.ServiceProvider.GetRequiredService<StartCheckout>().SubscribeAsync(memberId, tier.Id, BillingInterval.Month,
                new CheckoutReturn(new Uri("http://localhost/billing/success?session_id={CHECKOUT_SESSION_ID}"), new Uri("http://localhost/billing/cancelled")),
                CancellationToken.None);
            Assert.True(started.Succeeded, started.Failure?.Message);
            checkout = started.Value;
        }

        await PayAsync(checkout, card);
        var customerId = (await ReadAsync(db => db.BillingCustomers.SingleAsync(c => c.MemberId == memberId))).StripeCustomerId;
        var subscriptionId = (await Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customerId, Status = "all" })).Data.Single().Id;
        var state = new ScenarioState(memberId, customerId, subscriptionId);
        var pending = new List<JsonObject>(await ScenarioEventsAsync(state));
        if (stepwise)
        {
            await DeliverBatchAsync(state, pending, random);
        }

        var steps = random.Next(1, 7);
        for (var s = 0; s < steps; s++)
        {
            var step = (Step)random.Next(Enum.GetValues<Step>().Length);
            log.Add(await TakeStepAsync(state, step, random));
            _stats.Steps[step] = _stats.Steps.GetValueOrDefault(step) + 1;
            pending.AddRange(await ScenarioEventsAsync(state));
            if (stepwise && random.NextDouble() < 0.7)
            {
                await DeliverBatchAsync(state, pending, random);
            }
        }

        // The rest, and whatever FanClub's own reactions (a refund cancels in Stripe) caused, until quiet.
        pending.AddRange(await ScenarioEventsAsync(state));
        for (var round = 0; round < 5 && pending.Count > 0; round++)
        {
            await DeliverBatchAsync(state, pending, random);
            pending.AddRange(await ScenarioEventsAsync(state));
        }

        Assert.Empty(pending);
        await AssertMatchesStripeAsync(state);

        // Stop the subscription so later scenarios' clock moves do not keep renewing it.
        try
        {
            await Stripe.V1.Subscriptions.CancelAsync(subscriptionId);
        }
        catch (StripeException)
        {
            // Already over.
        }
    }

    private async Task<string> TakeStepAsync(ScenarioState state, Step step, Random random)
    {
        var remote = await Stripe.V1.Subscriptions.GetAsync(state.SubscriptionId);
        var live = remote.Status is not ("canceled" or "incomplete_expired");
        var viaFanClub = random.NextDouble() < 0.5 && await HasLiveLocalAsync(state);
        try
        {
            switch (step)
            {
                case Step.Renew:
                    var periodEnd = new DateTimeOffset(DateTime.SpecifyKind(remote.Items.Data[0].CurrentPeriodEnd, DateTimeKind.Utc));
                    var by = live && periodEnd > Sandbox.Now ? periodEnd - Sandbox.Now + TimeSpan.FromMinutes(1) : TimeSpan.FromDays(1);
                    await AdvanceAsync(by);
                    return $"advance {by.TotalDays:F1} d to renewal";
                case Step.Wait:
                    var days = random.Next(1, 9);
                    await AdvanceAsync(TimeSpan.FromDays(days));
                    return $"wait {days} d";
                case Step.Recover:
                    var portal = await Stripe.V1.BillingPortal.Sessions.CreateAsync(new Stripe.BillingPortal.SessionCreateOptions { Customer = state.CustomerId });
                    using (var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["card_number"] = CardSucceeds }))
                    using (var saved = await SandboxBrowser.PostAsync(new Uri(portal.Url + "/card"), content))
                    {
                        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
                    }

                    return "new card in the portal";
                case Step.SwitchTier:
                    var current = remote.Items.Data[0].Price.Id == Vip.StripeMonthlyPriceId ? Vip : Gold;
                    var target = current == Gold ? Vip : Gold;
                    if (viaFanClub)
                    {
                        await using var scope = Factory.Services.CreateAsyncScope();
                        var switched = await scope.ServiceProvider.GetRequiredService<ManageSubscription>().SwitchTierAsync(state.MemberId, target.Id, CancellationToken.None);
                        return $"FanClub switch to {target.Slug}: {(switched.Succeeded ? "done" : switched.Failure!.Code)}";
                    }

                    await Stripe.V1.Subscriptions.UpdateAsync(state.SubscriptionId, new SubscriptionUpdateOptions
                    {
                        Items = [new SubscriptionItemOptions { Id = remote.Items.Data[0].Id, Price = target.StripeMonthlyPriceId }],
                        ProrationBehavior = "always_invoice",
                    });
                    return $"Stripe switch to {target.Slug}";
                case Step.Cancel or Step.Resume:
                    var cancel = step == Step.Cancel;
                    if (viaFanClub)
                    {
                        await using var scope = Factory.Services.CreateAsyncScope();
                        var manage = scope.ServiceProvider.GetRequiredService<ManageSubscription>();
                        var done = cancel ? await manage.CancelAtPeriodEndAsync(state.MemberId, CancellationToken.None) : await manage.ResumeAsync(state.MemberId, CancellationToken.None);
                        return $"FanClub {step}: {(done.Succeeded ? done.Value.ToString() : done.Failure!.Code)}";
                    }

                    await Stripe.V1.Subscriptions.UpdateAsync(state.SubscriptionId, new SubscriptionUpdateOptions { CancelAtPeriodEnd = cancel });
                    return $"Stripe {step}";
                case Step.Refund or Step.Dispute:
                    var charges = await PaidChargesAsync(state);
                    var candidates = step == Step.Refund
                        ? charges.Where(c => c.AmountRefunded < c.Amount && !c.Disputed).ToList()
                        : charges.Where(c => !c.Disputed).ToList();
                    if (candidates.Count == 0)
                    {
                        return $"{step}: nothing paid";
                    }

                    var charge = candidates[random.Next(candidates.Count)];
                    if (step == Step.Dispute)
                    {
                        await DisputeAsync(charge.Id);
                        return $"dispute {charge.Amount}";
                    }

                    var left = charge.Amount - charge.AmountRefunded;
                    long? amount = random.NextDouble() < 0.6 || left < 2 ? null : random.Next(1, (int)left);
                    await Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { Charge = charge.Id, Amount = amount });
                    return $"refund {amount?.ToString(CultureInfo.InvariantCulture) ?? "all"} of {left}";
                default:
                    throw new InvalidOperationException(step.ToString());
            }
        }
        catch (StripeException e)
        {
            // Stripe refuses some steps in some states (updating a canceled subscription): that is a step too.
            return $"{step} refused by Stripe: {e.StripeError?.Message}";
        }
    }

    /// <summary>
    /// Delivers a batch: each event once to thrice, some on parallel requests, with forged, tampered and
    /// stale copies mixed in (under ids of their own, so one that slipped through would show in the inbox).
    /// </summary>
    private async Task DeliverBatchAsync(ScenarioState state, List<JsonObject> events, Random random)
    {
        var sends = new List<(JsonObject Event, Func<string, string> Sign, bool Valid)>();
        foreach (var e in events)
        {
            var copies = 1 + (random.NextDouble() < 0.3 ? 1 : 0) + (random.NextDouble() < 0.1 ? 1 : 0);
            for (var c = 0; c < copies; c++)
            {
                // A copy of its own per send: copies go out on parallel requests, and a JsonObject is not
                // safe to serialise from two threads at once (it could sign one text and post another).
                sends.Add((e.DeepClone().AsObject(), Sign, true));
            }

            if (random.NextDouble() < 0.25)
            {
                sends.Add((Impostor(e, "forged"), json => Sign(json, AppNow, "whsec_not_the_secret"), false));
            }

            if (random.NextDouble() < 0.2)
            {
                var late = TimeSpan.FromSeconds(random.Next(301, 7200));
                sends.Add((Impostor(e, "stale"), json => Sign(json, AppNow - late, BillingFixture.WebhookSecret), false));
            }

            if (random.NextDouble() < 0.1)
            {
                var signedOriginal = Sign(e.ToJsonString());
                sends.Add((Impostor(e, "tampered"), _ => signedOriginal, false));
            }
        }

        Shuffle(sends, random);
        for (var i = 0; i < sends.Count;)
        {
            var width = Math.Min(random.NextDouble() < 0.4 ? random.Next(2, 5) : 1, sends.Count - i);
            var group = sends.Skip(i).Take(width).ToList();
            i += width;
            var answers = await Task.WhenAll(group.Select(s => PostEventAsync(s.Event, s.Sign)));
            for (var k = 0; k < group.Count; k++)
            {
                var (e, _, valid) = group[k];
                var answer = answers[k];
                _stats.Deliveries++;
                _stats.Concurrent += width > 1 ? 1 : 0;
                if (valid)
                {
                    Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Type} {answer.EventId} answered {(int)answer.Status}: {answer.Body}");
                    _stats.Valid++;
                    if (_validDelivered.Add(answer.EventId))
                    {
                        _stats.Distinct++;
                        _stats.Types[answer.Type] = _stats.Types.GetValueOrDefault(answer.Type) + 1;
                    }
                }
                else
                {
                    Assert.True(answer.Status == HttpStatusCode.BadRequest, $"an impostor of {answer.Type} answered {(int)answer.Status}");
                    _stats.Refused++;
                    _refusedIds.Add((string)e["id"]!);
                }
            }
        }

        events.Clear();
        var local = await ReadAsync(db => db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.StripeSubscriptionId == state.SubscriptionId));
        state.EverHadAccess |= local?.GrantsAccess(AppNow, _grace) == true;
    }

    private async Task AssertMatchesStripeAsync(ScenarioState state)
    {
        var remote = await Stripe.V1.Subscriptions.GetAsync(state.SubscriptionId);
        var local = await ReadAsync(db => db.Subscriptions.AsNoTracking().SingleAsync(s => s.StripeSubscriptionId == state.SubscriptionId));
        Assert.Equal(remote.Status, ReconciliationTests.StatusName(local.Status));
        Assert.Equal(remote.Items.Data[0].Price.Id, local.StripePriceId);
        Assert.Equal(remote.Items.Data[0].Price.Id == Vip.StripeMonthlyPriceId ? Vip.Id : Gold.Id, local.TierId);
        Assert.Equal(remote.Items.Data[0].CurrentPeriodEnd, local.CurrentPeriodEnd.UtcDateTime);
        Assert.Equal(remote.CancelAtPeriodEnd, local.CancelAtPeriodEnd);

        var invoices = (await Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = state.SubscriptionId, Limit = 100 })).Data;
        var payments = await ReadAsync(db => db.Payments.AsNoTracking().Where(p => p.MemberId == state.MemberId).ToListAsync());
        Assert.Equal(payments.Count, payments.Select(p => p.StripeObjectId).Distinct().Count());
        Assert.All(payments, p => Assert.Contains(invoices, i => i.Id == p.StripeObjectId));
        var reversed = false;
        foreach (var invoice in invoices.Where(i => i.Status == "paid"))
        {
            var payment = Assert.Single(payments, p => p.StripeObjectId == invoice.Id);
            Assert.NotNull(payment.PaidAt);
            Assert.Equal(invoice.AmountDue, payment.Amount.AmountMinor);
            if (invoice.AmountPaid == 0)
            {
                continue;
            }

            var charge = await ChargeOfInvoiceAsync(invoice.Id);
            Assert.Equal(charge.Id, payment.StripeChargeId);
            Assert.Equal(charge.AmountRefunded, payment.AmountRefundedMinor);
            Assert.Equal(charge.Disputed, payment.Status == PaymentStatus.Disputed);
            reversed |= charge.Disputed || charge.AmountRefunded == charge.Amount;
        }

        var notices = await NoticesAsync(state.MemberId);
        var receipts = invoices.Where(i => i.Status == "paid" && i.AmountPaid > 0).Select(i => "receipt:" + i.Id).Order(StringComparer.Ordinal);
        Assert.Equal(receipts, notices.Where(n => n.Kind == "Receipt").Select(n => n.DedupeKey).Order(StringComparer.Ordinal));
        var welcomes = notices.Count(n => n.Kind == "Welcome");
        Assert.True(welcomes <= 1, $"{welcomes} welcome notices");
        Assert.True(!state.EverHadAccess || welcomes == 1, "access was granted but no welcome queued");
        foreach (var failed in notices.Where(n => n.Kind == "PaymentFailed"))
        {
            var parts = failed.DedupeKey.Split(':');
            var invoice = Assert.Single(invoices, i => i.Id == parts[1]);
            Assert.InRange(long.Parse(parts[2], CultureInfo.InvariantCulture), 1, invoice.AttemptCount);
        }

        if (reversed)
        {
            Assert.NotNull(local.AccessEndedAt);
            Assert.False(local.GrantsAccess(AppNow, _grace));
            Assert.Equal("canceled", remote.Status);
            Assert.True(welcomes == 0 || notices.Any(n => n.Kind == "AccessEnded"), "access taken back without an access-ended notice");
        }

        var inbox = await InboxAsync();
        Assert.Equal(_validDelivered.Order(StringComparer.Ordinal), inbox.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(inbox, _refusedIds.Contains);
    }

    /// <summary>This scenario's new events: its customer's, and disputes of its charges.</summary>
    private async Task<IReadOnlyList<JsonObject>> ScenarioEventsAsync(ScenarioState state)
    {
        var ours = new List<JsonObject>();
        foreach (var e in await NewEventsAsync())
        {
            var data = e["data"]!["object"]!;
            var customer = (string?)data["customer"];
            if (customer == state.CustomerId
                || ((string?)data["object"] == "dispute" && (await Stripe.V1.Charges.GetAsync((string)data["charge"]!)).CustomerId == state.CustomerId))
            {
                ours.Add(e);
            }
        }

        return ours;
    }

    private async Task<List<Charge>> PaidChargesAsync(ScenarioState state)
    {
        var charges = new List<Charge>();
        foreach (var invoice in (await Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = state.SubscriptionId, Limit = 100 })).Data)
        {
            if (invoice.Status == "paid" && invoice.AmountPaid > 0)
            {
                charges.Add(await ChargeOfInvoiceAsync(invoice.Id));
            }
        }

        return charges;
    }

    private Task<bool> HasLiveLocalAsync(ScenarioState state) =>
        ReadAsync(db => db.Subscriptions.AnyAsync(s => s.StripeSubscriptionId == state.SubscriptionId
            && s.Status != SubscriptionStatus.Canceled && s.Status != SubscriptionStatus.IncompleteExpired));

    /// <summary>A member straight in the database: the property is about billing, not about registering.</summary>
    private async Task<Guid> NewMemberAsync(int index)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FanClubUser>>();
        var email = $"fan-{index}-{Guid.NewGuid():N}@example.com";
        var user = new FanClubUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Fan {index}", CreatedAt = AppNow };
        var created = await users.CreateAsync(user);
        Assert.True(created.Succeeded);
        return user.Id;
    }

    /// <summary>Both tiers on sale in Stripe from the start, so a switch made in Stripe can name either price.</summary>
    private async Task LinkTierPricesAsync()
    {
        var gateway = Factory.Services.GetRequiredService<StripeGateway>();
        await using var db = Database.CreateContext();
        foreach (var tier in await db.Tiers.ToListAsync())
        {
            var prices = await gateway.CreateTierPricesAsync(tier, CancellationToken.None);
            tier.LinkStripe(prices.Value.ProductId, prices.Value.MonthlyPriceId, prices.Value.YearlyPriceId);
        }

        await db.SaveChangesAsync();
        Gold = await db.Tiers.AsNoTracking().SingleAsync(t => t.Id == Gold.Id);
        Vip = await db.Tiers.AsNoTracking().SingleAsync(t => t.Id == Vip.Id);
    }

    private static JsonObject Impostor(JsonObject e, string kind)
    {
        var copy = e.DeepClone().AsObject();
        copy["id"] = $"evt_{kind}_{Guid.NewGuid():N}";
        return copy;
    }

    private static void Shuffle<T>(List<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private sealed class ScenarioState(Guid memberId, string customerId, string subscriptionId)
    {
        public Guid MemberId { get; } = memberId;

        public string CustomerId { get; } = customerId;

        public string SubscriptionId { get; } = subscriptionId;

        public bool EverHadAccess { get; set; }
    }

    private sealed class Stats
    {
        public int Deliveries { get; set; }

        public int Valid { get; set; }

        public int Distinct { get; set; }

        public int Concurrent { get; set; }

        public int Refused { get; set; }

        public Dictionary<Step, int> Steps { get; } = [];

        public Dictionary<string, int> Types { get; } = new(StringComparer.Ordinal);
    }
}
