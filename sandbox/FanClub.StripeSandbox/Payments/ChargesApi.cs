using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Store;
using FanClub.StripeSandbox.Webhooks;

namespace FanClub.StripeSandbox.Payments;

/// <summary>
/// /v1/charges and /v1/payment_intents (read-only: payments happen through checkout and
/// invoices), /v1/disputes, and the sandbox's test helper that opens a dispute on a charge:
/// <c>POST /sandbox/charges/{id}/dispute</c> (Stripe does this with test card 4000 0000 0000 0259).
/// </summary>
internal static class ChargesApi
{
    public static void MapCharges(this IEndpointRouteBuilder api)
    {
        api.MapGet("/charges", (StripeParams p, SandboxStore store) => List(p, store, s => s.Charges, "/v1/charges"));
        api.MapGet("/charges/{id}", (string id, StripeParams p, SandboxStore store) => Retrieve(id, p, store, s => s.Charges, "charge"));
        api.MapGet("/payment_intents", (StripeParams p, SandboxStore store) => List(p, store, s => s.PaymentIntents, "/v1/payment_intents"));
        api.MapGet("/payment_intents/{id}", (string id, StripeParams p, SandboxStore store) => Retrieve(id, p, store, s => s.PaymentIntents, "payment_intent"));
        api.MapGet("/disputes/{id}", (string id, StripeParams p, SandboxStore store) => Retrieve(id, p, store, s => s.Disputes, "dispute"));
    }

    public static void MapDisputeHelper(this IEndpointRouteBuilder sandbox) =>
        sandbox.MapPost("/charges/{id}/dispute", OpenDispute);

    private static IResult Retrieve(string id, StripeParams p, SandboxStore store, Func<SandboxState, OrderedDictionary<string, System.Text.Json.Nodes.JsonObject>> table, string objectName) =>
        StripeResults.Json(store.Read(state => Expander.Render(state, table(state).Require(id, objectName), p)));

    private static IResult List(StripeParams p, SandboxStore store, Func<SandboxState, OrderedDictionary<string, System.Text.Json.Nodes.JsonObject>> table, string url) =>
        StripeResults.Json(store.Read(state =>
        {
            var customer = p.String("customer");
            var items = table(state).NewestFirst().Where(x => customer is null || x.Str("customer") == customer).CreatedWithin(p);
            return Expander.RenderList(state, items, p, url);
        }));

    /// <summary>Opens a dispute for the charge's full amount (or <c>amount</c>) and emits <c>charge.dispute.created</c>.</summary>
    private static IResult OpenDispute(string id, StripeParams p, SandboxStore store, SandboxClock clock, EventPublisher events) =>
        StripeResults.Json(store.Write(state =>
        {
            var charge = state.Charges.Require(id, "charge");
            if (charge.Str("status") != "succeeded")
            {
                throw StripeApiException.InvalidRequest("Only a succeeded charge can be disputed.", "charge");
            }

            var now = clock.UnixNow;
            var dispute = Templates.New("dispute");
            dispute["id"] = Ids.New("dp");
            dispute["amount"] = p.Long("amount") ?? charge.Long("amount");
            dispute["charge"] = charge.Str("id");
            dispute["created"] = now;
            dispute["currency"] = charge.Str("currency");
            dispute["payment_intent"] = charge.Str("payment_intent");
            dispute["reason"] = p.String("reason") ?? "fraudulent";
            dispute["status"] = "needs_response";
            dispute["enhanced_eligibility_types"] = new System.Text.Json.Nodes.JsonArray();
            dispute.Obj("evidence_details")["due_by"] = now + (7 * 24 * 60 * 60);
            var card = dispute.Obj("payment_method_details").Obj("card");
            card["brand"] = charge["payment_method_details"]?["card"]?["brand"]?.GetValue<string>();
            card["case_type"] = "chargeback";
            card["network"] = card["brand"]?.GetValue<string>();
            state.Disputes.Add(dispute);
            charge["disputed"] = true;
            events.Publish(state, "charge.dispute.created", dispute);
            return dispute.Clone();
        }));
}
