using System.Globalization;
using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Payments;
using FanClub.StripeSandbox.Store;
using FanClub.StripeSandbox.Webhooks;

namespace FanClub.StripeSandbox.Invoices;

/// <summary>
/// Invoices for subscriptions: built from lines, finalized at once (Stripe waits about an hour
/// before finalizing a renewal; nothing here depends on that gap), collected from the saved
/// card, and scheduled for retry per <see cref="StripeSandboxOptions.PaymentRetryDelays"/>.
/// </summary>
internal sealed class InvoiceService(SandboxClock clock, EventPublisher events, PaymentProcessor payments, SandboxUrls urls, StripeSandboxOptions options)
{
    public static JsonObject Line(JsonObject subscription, JsonObject item, long amount, long periodStart, long periodEnd, string description, bool proration, JsonObject? price = null)
    {
        price ??= item.Obj("price");
        var line = Templates.New("invoice_line_item");
        line["id"] = Ids.New("il");
        line["amount"] = amount;
        line["subtotal"] = amount;
        line["currency"] = price.Str("currency");
        line["description"] = description;
        line["invoice"] = null;
        line["period"] = new JsonObject { ["end"] = periodEnd, ["start"] = periodStart };
        line["quantity"] = item.Long("quantity");
        line["subscription"] = subscription.Str("id");
        var details = line.Obj("parent").Obj("subscription_item_details");
        details["proration"] = proration;
        details["subscription"] = subscription.Str("id");
        details["subscription_item"] = item.Str("id");
        var pricing = line.Obj("pricing");
        pricing.Obj("price_details")["price"] = price.Str("id");
        pricing.Obj("price_details")["product"] = price.Str("product");
        pricing["unit_amount_decimal"] = price.Str("unit_amount_decimal");
        return line;
    }

    /// <summary>
    /// Creates and finalizes a subscription invoice (<c>invoice.created</c>, <c>invoice.finalized</c>);
    /// one with nothing to pay is paid at once. <c>periodStart</c>/<c>periodEnd</c> are Stripe's
    /// invoice-level period: the period that just ended for a renewal, the creation time otherwise.
    /// The billed period is on the lines.
    /// </summary>
    public JsonObject CreateForSubscription(SandboxState state, JsonObject subscription, string billingReason, IReadOnlyList<JsonObject> lines, long periodStart, long periodEnd)
    {
        var now = clock.UnixNow;
        var customer = state.Customers.Require(subscription.RequiredStr("customer"), "customer");
        var id = Ids.New("in");
        var invoice = Templates.New("invoice");
        invoice["id"] = id;
        invoice["billing_reason"] = billingReason;
        invoice["created"] = now;
        invoice["currency"] = subscription.Str("currency");
        invoice["customer"] = customer.Str("id");
        invoice["customer_email"] = customer.Str("email");
        invoice["customer_name"] = customer.Str("name");
        invoice["hosted_invoice_url"] = urls.Page($"invoices/{id}");
        invoice["number"] = NextNumber(customer);
        invoice["period_start"] = periodStart;
        invoice["period_end"] = periodEnd;
        invoice["auto_advance"] = true;
        invoice["test_clock"] = subscription.Str("test_clock");
        var parent = invoice.Obj("parent").Obj("subscription_details");
        parent["subscription"] = subscription.Str("id");
        parent["metadata"] = subscription.Obj("metadata").Clone();

        var data = new JsonArray();
        foreach (var line in lines)
        {
            line["invoice"] = id;
            data.Add(line);
        }

        invoice.Obj("lines")["data"] = data;
        invoice.Obj("lines")["url"] = $"/v1/invoices/{id}/lines";
        ApplyTotals(invoice, customer, lines.Sum(l => l.Long("amount")));

        invoice["status"] = "draft";
        state.Invoices.Add(invoice);
        subscription["latest_invoice"] = id;
        events.Publish(state, "invoice.created", invoice);

        invoice["status"] = "open";
        invoice["effective_at"] = now;
        invoice.Obj("status_transitions")["finalized_at"] = now;
        events.Publish(state, "invoice.finalized", invoice);

        if (invoice.Long("amount_due") == 0)
        {
            MarkPaid(state, invoice);
        }

        return invoice;
    }

    /// <summary>The invoice a renewal will produce, sent as <c>invoice.upcoming</c>: Stripe's preview has no id and is not stored.</summary>
    public JsonObject Preview(SandboxState state, JsonObject subscription, IReadOnlyList<JsonObject> lines, long nextAttempt)
    {
        var customer = state.Customers.Require(subscription.RequiredStr("customer"), "customer");
        var preview = Templates.New("invoice");
        preview.Remove("id");
        preview["billing_reason"] = "upcoming";
        preview["created"] = clock.UnixNow;
        preview["currency"] = subscription.Str("currency");
        preview["customer"] = customer.Str("id");
        preview["customer_email"] = customer.Str("email");
        preview["customer_name"] = customer.Str("name");
        preview["next_payment_attempt"] = nextAttempt;
        preview["period_start"] = lines.Min(l => l.Obj("period").Long("start"));
        preview["period_end"] = nextAttempt;
        preview.Obj("parent").Obj("subscription_details")["subscription"] = subscription.Str("id");
        preview.Obj("parent").Obj("subscription_details")["metadata"] = subscription.Obj("metadata").Clone();
        preview.Obj("lines")["data"] = new JsonArray([.. lines]);
        ApplyTotals(preview, customer.Clone(), lines.Sum(l => l.Long("amount")));
        return preview;
    }

    /// <summary>
    /// Tries to collect what is due with the given card, else the subscription's, else the
    /// customer's default. Success: <c>invoice.paid</c>; 3-D Secure needed:
    /// <c>invoice.payment_action_required</c>; decline: <c>invoice.payment_failed</c> and the
    /// next retry (none for a subscription's first invoice, which Stripe never retries).
    /// </summary>
    public PaymentResult? Collect(SandboxState state, JsonObject invoice, bool customerPresent, string? paymentMethodId = null)
    {
        if (invoice.Str("status") != "open")
        {
            throw StripeApiException.InvalidRequest($"Invoice is already {invoice.Str("status")}.", "invoice");
        }

        var due = invoice.Long("amount_remaining");
        if (due == 0)
        {
            MarkPaid(state, invoice);
            return null;
        }

        var customer = state.Customers.Require(invoice.RequiredStr("customer"), "customer");
        var subscriptionId = SubscriptionOf(invoice);
        var subscription = subscriptionId is null ? null : state.Subscriptions.GetValueOrDefault(subscriptionId);
        paymentMethodId ??= subscription?.Str("default_payment_method")
            ?? customer.Obj("invoice_settings").Str("default_payment_method")
            ?? throw StripeApiException.InvalidRequest("The customer has no default payment method.", "payment_method");

        invoice["attempted"] = true;
        invoice["attempt_count"] = invoice.Long("attempt_count") + 1;
        var result = payments.Charge(state, customer.RequiredStr("id"), paymentMethodId, due, invoice.RequiredStr("currency"), $"Invoice {invoice.Str("number")}", customerPresent);
        RecordPayment(state, invoice, result.PaymentIntent);
        switch (result.Outcome)
        {
            case PaymentOutcome.Succeeded:
                MarkPaid(state, invoice);
                break;
            case PaymentOutcome.RequiresAction:
                invoice["next_payment_attempt"] = null;
                events.Publish(state, "invoice.payment_action_required", invoice);
                break;
            default:
                invoice["next_payment_attempt"] = NextAttempt(invoice);
                events.Publish(state, "invoice.payment_failed", invoice);
                break;
        }

        return result;
    }

    /// <summary>The customer came back from 3-D Secure for this invoice's pending payment.</summary>
    public PaymentResult CompleteAuthentication(SandboxState state, JsonObject invoice, bool authenticated)
    {
        var intent = state.InvoicePayments.Values
            .Where(p => p.Str("invoice") == invoice.Str("id"))
            .Select(p => state.PaymentIntents[p.Obj("payment").RequiredStr("payment_intent")])
            .LastOrDefault(pi => pi.Str("status") == "requires_action")
            ?? throw StripeApiException.InvalidRequest("This invoice has no payment waiting for authentication.");
        var result = payments.CompleteAuthentication(state, intent, authenticated);
        RecordPayment(state, invoice, intent);
        if (result.Outcome == PaymentOutcome.Succeeded)
        {
            MarkPaid(state, invoice);
        }
        else
        {
            events.Publish(state, "invoice.payment_failed", invoice);
        }

        return result;
    }

    public void MarkUncollectible(SandboxState state, JsonObject invoice)
    {
        invoice["status"] = "uncollectible";
        invoice["next_payment_attempt"] = null;
        invoice.Obj("status_transitions")["marked_uncollectible_at"] = clock.UnixNow;
        events.Publish(state, "invoice.marked_uncollectible", invoice);
    }

    public void Void(SandboxState state, JsonObject invoice)
    {
        invoice["status"] = "void";
        invoice["next_payment_attempt"] = null;
        invoice.Obj("status_transitions")["voided_at"] = clock.UnixNow;
        events.Publish(state, "invoice.voided", invoice);
    }

    public static string? SubscriptionOf(JsonObject invoice) =>
        invoice["parent"]?["subscription_details"]?["subscription"]?.GetValue<string>();

    private void MarkPaid(SandboxState state, JsonObject invoice)
    {
        var now = clock.UnixNow;
        invoice["status"] = "paid";
        invoice["amount_paid"] = invoice.Long("amount_due");
        invoice["amount_remaining"] = 0;
        invoice["next_payment_attempt"] = null;
        invoice.Obj("status_transitions")["paid_at"] = now;
        events.Publish(state, "invoice.paid", invoice);
        events.Publish(state, "invoice.payment_succeeded", invoice);
    }

    /// <summary>The invoice_payment linking the invoice to a payment intent (Stripe's link from invoice to charge in this API version).</summary>
    private void RecordPayment(SandboxState state, JsonObject invoice, JsonObject intent)
    {
        var invoiceId = invoice.RequiredStr("id");
        var payment = state.InvoicePayments.Values.FirstOrDefault(p => p.Obj("payment").Str("payment_intent") == intent.Str("id"));
        if (payment is null)
        {
            foreach (var older in state.InvoicePayments.Values.Where(p => p.Str("invoice") == invoiceId))
            {
                older["is_default"] = false;
            }

            payment = Templates.New("invoice_payment");
            payment["id"] = Ids.New("inpay");
            payment["amount_requested"] = intent.Long("amount");
            payment["created"] = clock.UnixNow;
            payment["currency"] = intent.Str("currency");
            payment["invoice"] = invoiceId;
            payment["is_default"] = true;
            payment.Obj("payment")["payment_intent"] = intent.Str("id");
            state.InvoicePayments.Add(payment);
        }

        var paid = intent.Str("status") == "succeeded";
        payment["status"] = paid ? "paid" : "open";
        payment["amount_paid"] = paid ? intent.Long("amount") : null;
        payment.Obj("status_transitions")["paid_at"] = paid ? clock.UnixNow : null;
    }

    private long? NextAttempt(JsonObject invoice)
    {
        if (invoice.Str("billing_reason") == "subscription_create")
        {
            return null;
        }

        var delays = options.EffectivePaymentRetryDelays;
        var attempts = (int)invoice.Long("attempt_count");
        return attempts <= delays.Count ? clock.UnixNow + (long)delays[attempts - 1].TotalSeconds : null;
    }

    /// <summary>Applies the customer's credit balance (negative = credit) the way Stripe does.</summary>
    private static void ApplyTotals(JsonObject invoice, JsonObject customer, long total)
    {
        var startingBalance = customer.Long("balance");
        var afterBalance = total + startingBalance;
        var due = Math.Max(0, afterBalance);
        var endingBalance = Math.Min(0, afterBalance);
        invoice["subtotal"] = total;
        invoice["subtotal_excluding_tax"] = total;
        invoice["total"] = total;
        invoice["total_excluding_tax"] = total;
        invoice["starting_balance"] = startingBalance;
        invoice["ending_balance"] = endingBalance;
        invoice["amount_due"] = due;
        invoice["amount_paid"] = 0;
        invoice["amount_remaining"] = due;
        customer["balance"] = endingBalance;
    }

    private static string NextNumber(JsonObject customer)
    {
        var sequence = customer.Long("next_invoice_sequence");
        customer["next_invoice_sequence"] = sequence + 1;
        return string.Create(CultureInfo.InvariantCulture, $"{customer.Str("invoice_prefix")}-{sequence:0000}");
    }
}
