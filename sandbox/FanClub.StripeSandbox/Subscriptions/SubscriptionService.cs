using System.Globalization;
using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Invoices;
using FanClub.StripeSandbox.Payments;
using FanClub.StripeSandbox.Store;
using FanClub.StripeSandbox.Webhooks;

namespace FanClub.StripeSandbox.Subscriptions;

/// <summary>
/// The life of a subscription: creation (incomplete until its first invoice is paid, or
/// trialing), renewals at period end, dunning (past_due, then canceled when retries run out),
/// plan changes with prorations, cancellation. Every change emits the event Stripe would.
/// </summary>
internal sealed class SubscriptionService(SandboxClock clock, EventPublisher events, InvoiceService invoices, StripeSandboxOptions options)
{
    private const long Day = 24 * 60 * 60;

    /// <summary>Stripe gives up on an incomplete subscription's first payment after 23 hours.</summary>
    public const long IncompleteExpirySeconds = 23 * 60 * 60;

    public (JsonObject Subscription, PaymentResult? FirstPayment) Create(
        SandboxState state, JsonObject customer, JsonObject price, long quantity, string paymentMethodId, long? trialDays, IReadOnlyDictionary<string, string> metadata)
    {
        var now = clock.UnixNow;
        var id = Ids.New("sub");
        var trialEnd = trialDays is > 0 ? now + (trialDays.Value * Day) : (long?)null;
        var subscription = Templates.New("subscription");
        subscription["id"] = id;
        subscription["billing_cycle_anchor"] = trialEnd ?? now;
        subscription["created"] = now;
        subscription["start_date"] = now;
        subscription["currency"] = price.Str("currency");
        subscription["customer"] = customer.Str("id");
        subscription["default_payment_method"] = paymentMethodId;
        subscription["metadata"] = metadata.ToJsonObject();
        subscription["test_clock"] = customer.Str("test_clock");
        subscription["status"] = trialEnd is null ? "incomplete" : "trialing";
        subscription["trial_start"] = trialEnd is null ? null : now;
        subscription["trial_end"] = trialEnd;
        subscription["latest_invoice"] = null;
        var periodEnd = trialEnd ?? BillingPeriods.NextEnd(now, now, price.Obj("recurring"));
        var item = NewItem(id, price, quantity, now, periodEnd);
        subscription.Obj("items")["data"] = new JsonArray(item);
        subscription.Obj("items")["url"] = $"/v1/subscription_items?subscription={id}";
        state.Subscriptions.Add(subscription);
        events.Publish(state, "customer.subscription.created", subscription);

        var line = trialEnd is null
            ? InvoiceService.Line(subscription, item, Amount(item), now, periodEnd, $"{quantity} × {ProductName(state, price)} (at {PriceLabel(price)})", proration: false)
            : InvoiceService.Line(subscription, item, 0, now, periodEnd, $"Trial period for {ProductName(state, price)}", proration: false);
        var invoice = invoices.CreateForSubscription(state, subscription, "subscription_create", [line], now, now);
        var payment = invoice.Str("status") == "open" ? CollectInvoice(state, invoice, customerPresent: true) : null;
        return (subscription, payment);
    }

    /// <summary>Collects an invoice and moves its subscription on: active when paid, past_due (or canceled when retries are exhausted) when not.</summary>
    public PaymentResult? CollectInvoice(SandboxState state, JsonObject invoice, bool customerPresent, string? paymentMethodId = null)
    {
        var result = invoices.Collect(state, invoice, customerPresent, paymentMethodId);
        AfterCollection(state, invoice);
        return result;
    }

    public PaymentResult CompleteAuthentication(SandboxState state, JsonObject invoice, bool authenticated)
    {
        var result = invoices.CompleteAuthentication(state, invoice, authenticated);
        AfterCollection(state, invoice);
        return result;
    }

    /// <summary>At period end: roll the period, invoice it (with any pending prorations) and charge the saved card off-session.</summary>
    public void Renew(SandboxState state, JsonObject subscription)
    {
        var item = FirstItem(subscription);
        var oldStart = item.Long("current_period_start");
        var oldEnd = item.Long("current_period_end");
        var newEnd = BillingPeriods.NextEnd(subscription.Long("billing_cycle_anchor"), oldEnd, item.Obj("price").Obj("recurring"));
        Change(state, subscription, s =>
        {
            foreach (var each in Items(s))
            {
                each["current_period_start"] = oldEnd;
                each["current_period_end"] = newEnd;
            }

            // A trial that ends becomes active at once; a failed first charge makes it past_due.
            if (s.Str("status") == "trialing")
            {
                s["status"] = "active";
            }
        });

        var marks = state.MarksFor(subscription.RequiredStr("id"));
        var lines = CycleLines(state, subscription, oldEnd, newEnd).Concat(marks.PendingProrations).ToList();
        marks.PendingProrations.Clear();
        var invoice = invoices.CreateForSubscription(state, subscription, "subscription_cycle", lines, oldStart, oldEnd);
        if (invoice.Str("status") == "open")
        {
            CollectInvoice(state, invoice, customerPresent: false);
        }
    }

    public void RetryPayment(SandboxState state, JsonObject invoice) => CollectInvoice(state, invoice, customerPresent: false);

    public void SendTrialWillEnd(SandboxState state, JsonObject subscription)
    {
        state.MarksFor(subscription.RequiredStr("id")).TrialWillEndSent = true;
        events.Publish(state, "customer.subscription.trial_will_end", subscription);
    }

    /// <summary><c>invoice.upcoming</c>, a preview of the renewal invoice, a few days before it.</summary>
    public void SendUpcoming(SandboxState state, JsonObject subscription)
    {
        var item = FirstItem(subscription);
        var start = item.Long("current_period_end");
        var end = BillingPeriods.NextEnd(subscription.Long("billing_cycle_anchor"), start, item.Obj("price").Obj("recurring"));
        var marks = state.MarksFor(subscription.RequiredStr("id"));
        marks.UpcomingSentForPeriodEnd = start;
        var lines = CycleLines(state, subscription, start, end).Concat(marks.PendingProrations.Select(l => l.Clone())).ToList();
        events.Publish(state, "invoice.upcoming", invoices.Preview(state, subscription, lines, start));
    }

    /// <summary>The first payment was never completed within 23 hours: the invoice is voided and the subscription is over.</summary>
    public void ExpireIncomplete(SandboxState state, JsonObject subscription)
    {
        if (subscription.Str("latest_invoice") is { } invoiceId && state.Invoices.GetValueOrDefault(invoiceId) is { } invoice && invoice.Str("status") == "open")
        {
            invoices.Void(state, invoice);
        }

        Change(state, subscription, s => s["status"] = "incomplete_expired");
    }

    public void Cancel(SandboxState state, JsonObject subscription, string reason)
    {
        var now = clock.UnixNow;
        Change(state, subscription, s =>
        {
            s["status"] = "canceled";
            s["canceled_at"] = s.LongOrNull("canceled_at") ?? now;
            s["ended_at"] = now;
            s.Obj("cancellation_details")["reason"] = reason;
        }, "customer.subscription.deleted");
    }

    /// <summary>
    /// POST /v1/subscriptions/{id}: metadata, <c>cancel_at_period_end</c>, and a price change on
    /// an item with <c>proration_behavior</c> (default <c>create_prorations</c>, billed at the next
    /// renewal; <c>always_invoice</c> bills and charges the difference now; <c>none</c>).
    /// The billing period does not change, so prices are expected to share an interval.
    /// </summary>
    public void Update(SandboxState state, JsonObject subscription, StripeParams update)
    {
        var status = subscription.Str("status");
        if (status is "canceled" or "incomplete_expired")
        {
            throw StripeApiException.InvalidRequest("A canceled subscription can only update its cancellation_details and metadata.");
        }

        var behaviour = update.String("proration_behavior") ?? "create_prorations";
        if (behaviour is not ("create_prorations" or "always_invoice" or "none"))
        {
            throw StripeApiException.InvalidParam("proration_behavior", $"Invalid proration_behavior: {behaviour}");
        }

        var changes = update.List("items")
            .Select((item, index) => (Item: FindItem(subscription, item.String("id"), index), Price: item.String("price")))
            .Where(c => c.Price is not null)
            .Select(c => (c.Item, Price: state.Prices.Require(c.Price!, "price", "items[0][price]")))
            .ToList();
        foreach (var (_, price) in changes)
        {
            if (!price.Bool("active") || price["recurring"] is not JsonObject)
            {
                throw StripeApiException.InvalidParam("items[0][price]", $"The price {price.Str("id")} must be active and recurring.");
            }
        }

        var now = clock.UnixNow;
        var prorations = new List<JsonObject>();
        Change(state, subscription, s =>
        {
            s.MergeMetadata(update.Map("metadata"));
            if (update.Bool("cancel_at_period_end") is { } cancelAtEnd)
            {
                s["cancel_at_period_end"] = cancelAtEnd;
                s["cancel_at"] = cancelAtEnd ? FirstItem(s).Long("current_period_end") : null;
                s["canceled_at"] = cancelAtEnd ? now : null;
                s.Obj("cancellation_details")["reason"] = cancelAtEnd ? "cancellation_requested" : null;
            }

            if (update.String("default_payment_method") is { Length: > 0 } paymentMethod)
            {
                s["default_payment_method"] = paymentMethod;
            }

            foreach (var (item, price) in changes.Where(c => c.Item.Obj("price").Str("id") != c.Price.Str("id")))
            {
                if (status != "trialing" && behaviour != "none")
                {
                    prorations.AddRange(ProrationLines(state, s, item, price, now));
                }

                item["price"] = price.Clone();
                item["plan"] = PlanFrom(price);
            }
        });

        if (prorations.Count == 0)
        {
            return;
        }

        if (behaviour == "always_invoice")
        {
            var invoice = invoices.CreateForSubscription(state, subscription, "subscription_update", prorations, now, now);
            if (invoice.Str("status") == "open")
            {
                CollectInvoice(state, invoice, customerPresent: false);
            }
        }
        else
        {
            state.MarksFor(subscription.RequiredStr("id")).PendingProrations.AddRange(prorations);
        }
    }

    public static JsonObject PlanFrom(JsonObject price)
    {
        var recurring = price.Obj("recurring");
        var plan = Templates.New("plan");
        plan["id"] = price.Str("id");
        plan["active"] = price.Bool("active");
        plan["amount"] = price.LongOrNull("unit_amount");
        plan["amount_decimal"] = price.Str("unit_amount_decimal");
        plan["created"] = price.Long("created");
        plan["currency"] = price.Str("currency");
        plan["interval"] = recurring.Str("interval");
        plan["interval_count"] = recurring.Long("interval_count");
        plan["metadata"] = price.Obj("metadata").Clone();
        plan["nickname"] = price.Str("nickname");
        plan["product"] = price.Str("product");
        return plan;
    }

    public static JsonObject FirstItem(JsonObject subscription) => Items(subscription).First();

    private static IEnumerable<JsonObject> Items(JsonObject subscription) => subscription.Obj("items").Arr("data").Objects();

    private static long Amount(JsonObject item) => item.Obj("price").Long("unit_amount") * item.Long("quantity");

    private static JsonObject FindItem(JsonObject subscription, string? itemId, int index) =>
        Items(subscription).FirstOrDefault(i => i.Str("id") == itemId)
        ?? throw (itemId is null
            ? StripeApiException.InvalidParam($"items[{index}][id]", "Adding items is not supported by the sandbox: pass the id of the item to change.")
            : StripeApiException.ResourceMissing("subscription_item", itemId, $"items[{index}][id]"));

    /// <summary>Credit for the unused part of the old price, charge for the rest of the period at the new one.</summary>
    private static List<JsonObject> ProrationLines(SandboxState state, JsonObject subscription, JsonObject item, JsonObject newPrice, long now)
    {
        var start = item.Long("current_period_start");
        var end = item.Long("current_period_end");
        var remaining = (decimal)(end - now) / (end - start);
        var quantity = item.Long("quantity");
        var oldPrice = item.Obj("price");
        var credit = -(long)Math.Round(oldPrice.Long("unit_amount") * quantity * remaining, MidpointRounding.AwayFromZero);
        var charge = (long)Math.Round(newPrice.Long("unit_amount") * quantity * remaining, MidpointRounding.AwayFromZero);
        var since = HtmlPage.Date(now);
        return
        [
            InvoiceService.Line(subscription, item, credit, now, end, $"Unused time on {ProductName(state, oldPrice)} after {since}", proration: true, oldPrice),
            InvoiceService.Line(subscription, item, charge, now, end, $"Remaining time on {ProductName(state, newPrice)} after {since}", proration: true, newPrice),
        ];
    }

    private static IEnumerable<JsonObject> CycleLines(SandboxState state, JsonObject subscription, long start, long end) =>
        Items(subscription).Select(item => InvoiceService.Line(subscription, item, Amount(item), start, end,
            $"{item.Long("quantity")} × {ProductName(state, item.Obj("price"))} (at {PriceLabel(item.Obj("price"))})", proration: false));

    private void AfterCollection(SandboxState state, JsonObject invoice)
    {
        if (InvoiceService.SubscriptionOf(invoice) is not { } subscriptionId || state.Subscriptions.GetValueOrDefault(subscriptionId) is not { } subscription)
        {
            return;
        }

        var status = subscription.Str("status");
        if (invoice.Str("status") == "paid")
        {
            if (status is "incomplete" or "past_due" or "unpaid" && !HasOtherOpenInvoice(state, subscription, invoice))
            {
                Change(state, subscription, s => s["status"] = "active");
            }

            return;
        }

        var failedRenewal = invoice.Str("billing_reason") != "subscription_create" && invoice.LongOrNull("next_payment_attempt") is null
            && invoice.Long("attempt_count") > options.EffectivePaymentRetryDelays.Count;
        if (failedRenewal)
        {
            // Retries exhausted: Stripe's recommended setting cancels the subscription and
            // marks the invoice uncollectible.
            invoices.MarkUncollectible(state, invoice);
            Cancel(state, subscription, "payment_failed");
        }
        else if (status is "active" or "trialing" && invoice.Str("billing_reason") != "subscription_create" && invoice.Str("status") == "open")
        {
            Change(state, subscription, s => s["status"] = "past_due");
        }
    }

    private static bool HasOtherOpenInvoice(SandboxState state, JsonObject subscription, JsonObject paid) =>
        state.Invoices.Values.Any(i => i != paid && i.Str("status") == "open" && InvoiceService.SubscriptionOf(i) == subscription.Str("id"));

    private void Change(SandboxState state, JsonObject subscription, Action<JsonObject> change, string eventType = "customer.subscription.updated")
    {
        var before = subscription.Clone();
        change(subscription);
        var isUpdate = eventType == "customer.subscription.updated";
        if (!isUpdate || !JsonNode.DeepEquals(before, subscription))
        {
            events.Publish(state, eventType, subscription, isUpdate ? before : null);
        }
    }

    private JsonObject NewItem(string subscriptionId, JsonObject price, long quantity, long periodStart, long periodEnd)
    {
        var item = Templates.New("subscription_item");
        item["id"] = Ids.New("si");
        item["created"] = clock.UnixNow;
        item["price"] = price.Clone();
        item["plan"] = PlanFrom(price);
        item["quantity"] = quantity;
        item["subscription"] = subscriptionId;
        item["current_period_start"] = periodStart;
        item["current_period_end"] = periodEnd;
        return item;
    }

    private static string ProductName(SandboxState state, JsonObject price) =>
        state.Products.GetValueOrDefault(price.RequiredStr("product"))?.Str("name") ?? price.RequiredStr("product");

    private static string PriceLabel(JsonObject price) =>
        string.Create(CultureInfo.InvariantCulture, $"{HtmlPage.Money(price.Long("unit_amount"), price.Str("currency"))} / {price.Obj("recurring").Str("interval")}");
}
