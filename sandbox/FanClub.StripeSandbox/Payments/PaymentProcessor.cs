using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Store;
using FanClub.StripeSandbox.Webhooks;

namespace FanClub.StripeSandbox.Payments;

internal enum PaymentOutcome
{
    Succeeded,
    RequiresAction,
    Declined,
}

/// <summary>The payment intent (and charge, when the card was tried) behind one payment attempt.</summary>
internal sealed record PaymentResult(PaymentOutcome Outcome, JsonObject PaymentIntent, JsonObject? Charge)
{
    public string? DeclineCode => PaymentIntent["last_payment_error"]?["decline_code"]?.GetValue<string>();

    public string? FailureMessage => PaymentIntent["last_payment_error"]?["message"]?.GetValue<string>();
}

/// <summary>
/// Charges saved test cards: creates the payment intent and charge objects, applies the card's
/// behaviour, and emits <c>charge.succeeded</c> / <c>charge.failed</c>.
/// </summary>
internal sealed class PaymentProcessor(SandboxClock clock, EventPublisher events)
{
    /// <summary>Saves a card for a customer, as attaching a payment method does.</summary>
    public static string SaveCard(SandboxState state, string customerId, TestCard card)
    {
        var id = Ids.New("pm");
        state.PaymentMethods[id] = new CardOnFile { Number = card.Number, Customer = customerId };
        return id;
    }

    /// <summary>
    /// Charges a saved card. With <c>customerPresent</c> (checkout, hosted pages) 3-D Secure can be
    /// asked for; off-session (renewals, retries) it cannot, so such a card is declined.
    /// </summary>
    public PaymentResult Charge(SandboxState state, string customerId, string paymentMethodId, long amount, string currency, string description, bool customerPresent)
    {
        var saved = state.PaymentMethods.TryGetValue(paymentMethodId, out var found)
            ? found
            : throw StripeApiException.ResourceMissing("payment_method", paymentMethodId, "payment_method");
        var card = TestCard.Parse(saved.Number)!;
        var intent = NewPaymentIntent(customerId, paymentMethodId, amount, currency, description);
        state.PaymentIntents.Add(intent);

        if (card.Behaviour == CardBehaviour.RequiresAuthentication && !saved.Authenticated)
        {
            if (customerPresent)
            {
                intent["status"] = "requires_action";
                intent["next_action"] = new JsonObject { ["type"] = "use_stripe_sdk" };
                return new PaymentResult(PaymentOutcome.RequiresAction, intent, null);
            }

            return Decline(state, intent, card, "authentication_required", "This payment requires authentication, which is not possible off-session.");
        }

        var declines = card.DeclinesOnEntry
            || (card.Behaviour == CardBehaviour.DeclinesAfterFirstCharge && saved.SuccessfulCharges > 0);
        return declines
            ? Decline(state, intent, card, card.DeclineCode, card.DeclineMessage)
            : Succeed(state, intent, saved);
    }

    /// <summary>The customer finished (or failed) 3-D Secure for a payment intent in <c>requires_action</c>.</summary>
    public PaymentResult CompleteAuthentication(SandboxState state, JsonObject intent, bool authenticated)
    {
        var saved = state.PaymentMethods[intent.RequiredStr("payment_method")];
        intent["next_action"] = null;
        if (authenticated)
        {
            saved.Authenticated = true;
            return Succeed(state, intent, saved);
        }

        intent["status"] = "requires_payment_method";
        intent["last_payment_error"] = new JsonObject
        {
            ["type"] = "invalid_request_error",
            ["code"] = "payment_intent_authentication_failure",
            ["message"] = "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
        };
        return new PaymentResult(PaymentOutcome.Declined, intent, null);
    }

    private PaymentResult Succeed(SandboxState state, JsonObject intent, CardOnFile saved)
    {
        var charge = NewCharge(intent, TestCard.Parse(saved.Number)!);
        charge["status"] = "succeeded";
        charge["paid"] = true;
        charge["captured"] = true;
        charge["amount_captured"] = intent.Long("amount");
        charge["outcome"] = Outcome("authorized", "approved_by_network", null, "Payment complete.");
        state.Charges.Add(charge);
        saved.SuccessfulCharges++;

        intent["status"] = "succeeded";
        intent["amount_received"] = intent.Long("amount");
        intent["latest_charge"] = charge.RequiredStr("id");
        intent["last_payment_error"] = null;
        events.Publish(state, "charge.succeeded", charge);
        return new PaymentResult(PaymentOutcome.Succeeded, intent, charge);
    }

    private PaymentResult Decline(SandboxState state, JsonObject intent, TestCard card, string declineCode, string message)
    {
        var charge = NewCharge(intent, card);
        charge["status"] = "failed";
        charge["paid"] = false;
        charge["failure_code"] = "card_declined";
        charge["failure_message"] = message;
        charge["outcome"] = Outcome("issuer_declined", "declined_by_network", declineCode, "The bank did not return any further details with this decline.");
        state.Charges.Add(charge);

        intent["status"] = "requires_payment_method";
        intent["latest_charge"] = charge.RequiredStr("id");
        intent["last_payment_error"] = new JsonObject
        {
            ["type"] = "card_error",
            ["code"] = "card_declined",
            ["decline_code"] = declineCode,
            ["message"] = message,
            ["charge"] = charge.RequiredStr("id"),
        };
        events.Publish(state, "charge.failed", charge);
        return new PaymentResult(PaymentOutcome.Declined, intent, charge);
    }

    private JsonObject NewPaymentIntent(string customerId, string paymentMethodId, long amount, string currency, string description)
    {
        var intent = Templates.New("payment_intent");
        var id = Ids.New("pi");
        intent["id"] = id;
        intent["client_secret"] = $"{id}_secret_{Ids.Random(25)}";
        intent["amount"] = amount;
        intent["currency"] = currency;
        intent["created"] = clock.UnixNow;
        intent["customer"] = customerId;
        intent["description"] = description;
        intent["payment_method"] = paymentMethodId;
        intent["status"] = "processing";
        intent["latest_charge"] = null;
        return intent;
    }

    private JsonObject NewCharge(JsonObject intent, TestCard card)
    {
        var charge = Templates.New("charge");
        var id = Ids.New("ch");
        charge["id"] = id;
        charge["amount"] = intent.Long("amount");
        charge["currency"] = intent.Str("currency");
        charge["created"] = clock.UnixNow;
        charge["customer"] = intent.Str("customer");
        charge["description"] = intent.Str("description");
        charge["payment_intent"] = intent.Str("id");
        charge["payment_method"] = intent.Str("payment_method");
        charge["refunds"]!["url"] = $"/v1/charges/{id}/refunds";
        var details = charge.Obj("payment_method_details").Obj("card");
        details["brand"] = card.Brand;
        details["network"] = card.Brand;
        details["last4"] = card.Last4;
        details["exp_month"] = 12;
        details["exp_year"] = DateTimeOffset.FromUnixTimeSeconds(clock.UnixNow).Year + 3;
        return charge;
    }

    private static JsonObject Outcome(string type, string networkStatus, string? reason, string sellerMessage) => new()
    {
        ["advice_code"] = null,
        ["network_advice_code"] = null,
        ["network_decline_code"] = null,
        ["network_status"] = networkStatus,
        ["reason"] = reason,
        ["seller_message"] = sellerMessage,
        ["type"] = type,
    };
}
