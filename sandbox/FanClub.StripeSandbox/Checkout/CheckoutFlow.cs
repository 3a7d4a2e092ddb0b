using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Customers;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Payments;
using FanClub.StripeSandbox.Store;
using FanClub.StripeSandbox.Subscriptions;
using FanClub.StripeSandbox.Webhooks;

namespace FanClub.StripeSandbox.Checkout;

/// <summary>What the hosted checkout page shows after the customer submits it.</summary>
internal abstract record CheckoutOutcome
{
    public sealed record Completed(string RedirectUrl) : CheckoutOutcome;

    public sealed record NeedsAuthentication : CheckoutOutcome;

    public sealed record Failed(string Message) : CheckoutOutcome;
}

/// <summary>
/// Paying on the hosted checkout page. A declined card is refused before anything is created,
/// as Stripe's Checkout does. In subscription mode the subscription is created with the card
/// (incomplete until paid, or trialing); a card that needs 3-D Secure leaves it incomplete,
/// linked from the session, until the customer authenticates. Once paid the session completes:
/// <c>checkout.session.completed</c>, then a 303 to <c>success_url</c>.
/// </summary>
internal sealed class CheckoutFlow(SandboxClock clock, EventPublisher events, SubscriptionService subscriptions, PaymentProcessor payments)
{
    public CheckoutOutcome Pay(SandboxState state, string sessionId, string? cardNumber, string? email)
    {
        var session = state.CheckoutSessions.Require(sessionId, "checkout.session");
        if (session.Str("status") != "open")
        {
            return new CheckoutOutcome.Failed($"This checkout session is {session.Str("status")}.");
        }

        if (TestCard.Parse(cardNumber) is not { } card)
        {
            return new CheckoutOutcome.Failed("Your card number is incorrect. Use one of Stripe's test cards.");
        }

        if (card.DeclinesOnEntry)
        {
            return new CheckoutOutcome.Failed(card.DeclineMessage);
        }

        var customer = FindOrCreateCustomer(state, session, email);
        if (customer is null)
        {
            return new CheckoutOutcome.Failed("Enter an email address.");
        }

        session["customer"] = customer.Str("id");
        var paymentMethod = PaymentProcessor.SaveCard(state, customer.RequiredStr("id"), card);
        customer.Obj("invoice_settings")["default_payment_method"] ??= paymentMethod;

        return session.Str("mode") == "subscription"
            ? PaySubscription(state, session, customer, paymentMethod)
            : PayOnce(state, session, customer, paymentMethod);
    }

    public CheckoutOutcome Authenticate(SandboxState state, string sessionId, bool authenticated)
    {
        var session = state.CheckoutSessions.Require(sessionId, "checkout.session");
        if (session.Str("status") != "open")
        {
            return new CheckoutOutcome.Failed($"This checkout session is {session.Str("status")}.");
        }

        PaymentResult result;
        if (session.Str("mode") == "subscription")
        {
            var subscription = state.Subscriptions.Require(session.Str("subscription") ?? "", "subscription");
            var invoice = state.Invoices.Require(subscription.RequiredStr("latest_invoice"), "invoice");
            result = subscriptions.CompleteAuthentication(state, invoice, authenticated);
        }
        else
        {
            var intent = state.PaymentIntents.Require(session.Str("payment_intent") ?? "", "payment_intent");
            result = payments.CompleteAuthentication(state, intent, authenticated);
        }

        return result.Outcome == PaymentOutcome.Succeeded
            ? Complete(state, session, "paid")
            : new CheckoutOutcome.Failed(result.FailureMessage ?? "Authentication failed.");
    }

    public void Expire(SandboxState state, JsonObject session)
    {
        session["status"] = "expired";
        session["url"] = null;
        events.Publish(state, "checkout.session.expired", session);
    }

    /// <summary>The session's customer, or a new one from the email (Checkout creates customers in subscription mode).</summary>
    private JsonObject? FindOrCreateCustomer(SandboxState state, JsonObject session, string? typedEmail)
    {
        if (session.Str("customer") is { } customerId)
        {
            return state.Customers.Require(customerId, "customer");
        }

        var email = session.Str("customer_email") ?? typedEmail?.Trim();
        return string.IsNullOrEmpty(email) ? null : CustomersApi.Create(state, events, clock.UnixNow, email, null, null);
    }

    private CheckoutOutcome PaySubscription(SandboxState state, JsonObject session, JsonObject customer, string paymentMethod)
    {
        PaymentResult? result;
        if (session.Str("subscription") is { } pendingId)
        {
            // An earlier attempt needed authentication and was abandoned or failed: pay the same first invoice.
            var pending = state.Subscriptions.Require(pendingId, "subscription");
            pending["default_payment_method"] = paymentMethod;
            result = subscriptions.CollectInvoice(state, state.Invoices[pending.RequiredStr("latest_invoice")], customerPresent: true, paymentMethod);
        }
        else
        {
            var details = state.CheckoutDetails[session.RequiredStr("id")];
            var line = details.LineItems[0];
            var price = state.Prices.Require(line.Obj("price").RequiredStr("id"), "price");
            (var subscription, result) = subscriptions.Create(state, customer, price, line.Long("quantity"), paymentMethod, details.TrialPeriodDays, details.SubscriptionMetadata);
            session["subscription"] = subscription.Str("id");
            session["invoice"] = subscription.Str("latest_invoice");
        }

        return result?.Outcome switch
        {
            null => Complete(state, session, "no_payment_required"),
            PaymentOutcome.Succeeded => Complete(state, session, "paid"),
            PaymentOutcome.RequiresAction => new CheckoutOutcome.NeedsAuthentication(),
            _ => new CheckoutOutcome.Failed(result.FailureMessage ?? "Your card was declined."),
        };
    }

    private CheckoutOutcome PayOnce(SandboxState state, JsonObject session, JsonObject customer, string paymentMethod)
    {
        var result = payments.Charge(state, customer.RequiredStr("id"), paymentMethod, session.Long("amount_total"), session.RequiredStr("currency"),
            $"Checkout {session.Str("id")}", customerPresent: true);
        session["payment_intent"] = result.PaymentIntent.Str("id");
        return result.Outcome switch
        {
            PaymentOutcome.Succeeded => Complete(state, session, "paid"),
            PaymentOutcome.RequiresAction => new CheckoutOutcome.NeedsAuthentication(),
            _ => new CheckoutOutcome.Failed(result.FailureMessage ?? "Your card was declined."),
        };
    }

    private CheckoutOutcome.Completed Complete(SandboxState state, JsonObject session, string paymentStatus)
    {
        var customer = state.Customers[session.RequiredStr("customer")];
        session["status"] = "complete";
        session["payment_status"] = paymentStatus;
        session["url"] = null;
        session["customer_details"] = new JsonObject
        {
            ["address"] = null,
            ["email"] = customer.Str("email"),
            ["name"] = customer.Str("name"),
            ["phone"] = null,
            ["tax_exempt"] = "none",
            ["tax_ids"] = new JsonArray(),
            ["business_name"] = null,
            ["individual_name"] = null,
        };
        events.Publish(state, "checkout.session.completed", session);
        return new CheckoutOutcome.Completed(session.RequiredStr("success_url").Replace("{CHECKOUT_SESSION_ID}", session.Str("id"), StringComparison.Ordinal));
    }
}
