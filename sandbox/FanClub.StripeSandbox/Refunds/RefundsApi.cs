using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Store;
using FanClub.StripeSandbox.Webhooks;

namespace FanClub.StripeSandbox.Refunds;

/// <summary>
/// /v1/refunds: refund a charge (by <c>charge</c> or <c>payment_intent</c>) in full or in part.
/// The charge's <c>amount_refunded</c> and <c>refunded</c> follow, and <c>charge.refunded</c> is
/// emitted with the charge, as Stripe does (plus <c>refund.created</c>).
/// </summary>
internal static class RefundsApi
{
    public static void MapRefunds(this IEndpointRouteBuilder api)
    {
        api.MapPost("/refunds", Create);
        api.MapGet("/refunds", List);
        api.MapGet("/refunds/{id}", Retrieve);
        api.MapGet("/charges/{id}/refunds", (string id, StripeParams p, SandboxStore store) => StripeResults.Json(store.Read(state =>
        {
            state.Charges.Require(id, "charge");
            return Expander.RenderList(state, state.Refunds.NewestFirst().Where(r => r.Str("charge") == id), p, $"/v1/charges/{id}/refunds");
        })));
    }

    private static IResult Create(StripeParams p, SandboxStore store, SandboxClock clock, EventPublisher events) => StripeResults.Json(store.Write(state =>
    {
        var charge = ChargeToRefund(state, p);
        var refundable = charge.Long("amount_captured") - charge.Long("amount_refunded");
        var amount = p.Long("amount") ?? refundable;
        if (amount <= 0 || amount > refundable)
        {
            throw StripeApiException.InvalidParam("amount",
                $"Refund amount ({amount}) is greater than unrefunded amount on charge ({refundable})");
        }

        var reason = p.String("reason");
        if (reason is not (null or "duplicate" or "fraudulent" or "requested_by_customer"))
        {
            throw StripeApiException.InvalidParam("reason", $"Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer");
        }

        var refund = Templates.New("refund");
        refund["id"] = Ids.New("re");
        refund["amount"] = amount;
        refund["charge"] = charge.Str("id");
        refund["created"] = clock.UnixNow;
        refund["currency"] = charge.Str("currency");
        refund["customer"] = charge.Str("customer");
        refund["metadata"] = p.Map("metadata").ToJsonObject();
        refund["payment_intent"] = charge.Str("payment_intent");
        refund["payment_method"] = charge.Str("payment_method");
        refund["reason"] = reason;
        refund["status"] = "succeeded";
        state.Refunds.Add(refund);

        var before = charge.Clone();
        charge["amount_refunded"] = charge.Long("amount_refunded") + amount;
        charge["refunded"] = charge.Long("amount_refunded") == charge.Long("amount_captured");
        var refunds = charge.Obj("refunds");
        refunds.Arr("data").Insert(0, refund.Clone());
        events.Publish(state, "refund.created", refund);
        events.Publish(state, "charge.refunded", charge, before);
        return Expander.Render(state, refund, p);
    }));

    private static IResult Retrieve(string id, StripeParams p, SandboxStore store) =>
        StripeResults.Json(store.Read(state => Expander.Render(state, state.Refunds.Require(id, "refund"), p)));

    private static IResult List(StripeParams p, SandboxStore store) => StripeResults.Json(store.Read(state =>
    {
        var charge = p.String("charge");
        var paymentIntent = p.String("payment_intent");
        var refunds = state.Refunds.NewestFirst()
            .Where(r => charge is null || r.Str("charge") == charge)
            .Where(r => paymentIntent is null || r.Str("payment_intent") == paymentIntent)
            .CreatedWithin(p);
        return Expander.RenderList(state, refunds, p, "/v1/refunds");
    }));

    private static JsonObject ChargeToRefund(SandboxState state, StripeParams p)
    {
        JsonObject charge;
        if (p.String("charge") is { Length: > 0 } chargeId)
        {
            charge = state.Charges.Require(chargeId, "charge", "charge");
        }
        else if (p.String("payment_intent") is { Length: > 0 } intentId)
        {
            var intent = state.PaymentIntents.Require(intentId, "payment_intent", "payment_intent");
            charge = intent.Str("latest_charge") is { } latest && intent.Str("status") == "succeeded"
                ? state.Charges[latest]
                : throw StripeApiException.InvalidParam("payment_intent", $"This PaymentIntent ({intentId}) does not have a successful charge to refund.");
        }
        else
        {
            throw StripeApiException.MissingParam("charge");
        }

        if (charge.Str("status") != "succeeded")
        {
            throw StripeApiException.InvalidParam("charge", $"Charge {charge.Str("id")} has not succeeded and cannot be refunded.");
        }

        if (charge.Bool("refunded"))
        {
            throw StripeApiException.InvalidRequest($"Charge {charge.Str("id")} has already been refunded.", "charge");
        }

        return charge;
    }
}
