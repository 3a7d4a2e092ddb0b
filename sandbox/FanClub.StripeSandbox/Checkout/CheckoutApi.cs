using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Prices;
using FanClub.StripeSandbox.Store;

namespace FanClub.StripeSandbox.Checkout;

/// <summary>
/// /v1/checkout/sessions in <c>subscription</c> mode (one recurring line item) and <c>payment</c>
/// mode: create, retrieve (<c>expand[]=line_items|subscription|…</c>), list, line items, expire.
/// </summary>
internal static class CheckoutApi
{
    private const long SessionLifetimeSeconds = 24 * 60 * 60;

    public static void MapCheckout(this IEndpointRouteBuilder api)
    {
        var sessions = api.MapGroup("/checkout/sessions");
        sessions.MapPost("", Create);
        sessions.MapGet("", List);
        sessions.MapGet("/{id}", Retrieve);
        sessions.MapGet("/{id}/line_items", LineItems);
        sessions.MapPost("/{id}/expire", Expire);
    }

    private static IResult Create(StripeParams p, SandboxStore store, SandboxClock clock, SandboxUrls urls) => StripeResults.Json(store.Write(state =>
    {
        var now = clock.UnixNow;
        var mode = p.RequiredString("mode");
        if (mode is not ("subscription" or "payment"))
        {
            throw StripeApiException.InvalidParam("mode", $"The sandbox supports mode=subscription and mode=payment, not '{mode}'.");
        }

        var successUrl = p.RequiredString("success_url");
        var customer = p.String("customer") is { Length: > 0 } customerId ? state.Customers.Require(customerId, "customer", "customer") : null;
        var trialDays = p.Object("subscription_data")?.Long("trial_period_days");
        if (mode != "subscription" && p.Has("subscription_data"))
        {
            throw StripeApiException.InvalidParam("subscription_data", "subscription_data can only be used in subscription mode.");
        }

        var lineItems = LineItemsFrom(state, p, mode, now);
        var id = "cs_test_" + Ids.Random(58);
        var session = Templates.New("checkout.session");
        session["id"] = id;
        session["allow_promotion_codes"] = p.Bool("allow_promotion_codes");
        session["amount_subtotal"] = lineItems.Sum(i => i.Long("amount_subtotal"));
        session["amount_total"] = lineItems.Sum(i => i.Long("amount_total"));
        session["cancel_url"] = p.String("cancel_url");
        session["client_reference_id"] = p.String("client_reference_id");
        session["created"] = now;
        session["currency"] = lineItems[0].Str("currency");
        session["customer"] = customer?.Str("id");
        session["customer_creation"] = customer is null && mode == "payment" ? "if_required" : null;
        session["customer_email"] = customer is null ? p.String("customer_email") : null;
        session["expires_at"] = p.Long("expires_at") ?? now + SessionLifetimeSeconds;
        session["metadata"] = p.Map("metadata").ToJsonObject();
        session["mode"] = mode;
        session["payment_status"] = "unpaid";
        session["status"] = "open";
        session["success_url"] = successUrl;
        session["url"] = urls.Page($"checkout/{id}");
        state.CheckoutSessions.Add(session);
        state.CheckoutDetails[id] = new CheckoutDetails
        {
            LineItems = lineItems,
            TrialPeriodDays = trialDays,
            SubscriptionMetadata = p.Object("subscription_data")?.Map("metadata")?.ToDictionary() ?? [],
        };
        return Expander.Render(state, session, p);
    }));

    private static IResult Retrieve(string id, StripeParams p, SandboxStore store) =>
        StripeResults.Json(store.Read(state => Expander.Render(state, state.CheckoutSessions.Require(id, "checkout.session"), p)));

    private static IResult List(StripeParams p, SandboxStore store) => StripeResults.Json(store.Read(state =>
    {
        var customer = p.String("customer");
        var subscription = p.String("subscription");
        var paymentIntent = p.String("payment_intent");
        var status = p.String("status");
        var sessions = state.CheckoutSessions.NewestFirst()
            .Where(s => customer is null || s.Str("customer") == customer)
            .Where(s => subscription is null || s.Str("subscription") == subscription)
            .Where(s => paymentIntent is null || s.Str("payment_intent") == paymentIntent)
            .Where(s => status is null || s.Str("status") == status)
            .CreatedWithin(p);
        return Expander.RenderList(state, sessions, p, "/v1/checkout/sessions");
    }));

    private static IResult LineItems(string id, StripeParams p, SandboxStore store) => StripeResults.Json(store.Read(state =>
    {
        state.CheckoutSessions.Require(id, "checkout.session");
        return ListPage.Build(state.CheckoutDetails[id].LineItems, p, $"/v1/checkout/sessions/{id}/line_items");
    }));

    private static IResult Expire(string id, StripeParams p, SandboxStore store, CheckoutFlow flow) => StripeResults.Json(store.Write(state =>
    {
        var session = state.CheckoutSessions.Require(id, "checkout.session");
        if (session.Str("status") != "open")
        {
            throw StripeApiException.InvalidRequest($"Only Checkout Sessions with a status of 'open' can be expired. This session has a status of '{session.Str("status")}'.");
        }

        flow.Expire(state, session);
        return Expander.Render(state, session, p);
    }));

    private static List<JsonObject> LineItemsFrom(SandboxState state, StripeParams p, string mode, long now)
    {
        var requested = p.List("line_items");
        if (requested.Count == 0)
        {
            throw StripeApiException.MissingParam("line_items");
        }

        if (mode == "subscription" && requested.Count > 1)
        {
            throw StripeApiException.InvalidParam("line_items", "The sandbox supports one line item per subscription checkout.");
        }

        var items = new List<JsonObject>();
        for (var index = 0; index < requested.Count; index++)
        {
            var line = requested[index];
            var param = $"line_items[{index}]";
            var price = line.String("price") is { Length: > 0 } priceId
                ? state.Prices.Require(priceId, "price", $"{param}[price]")
                : line.Object("price_data") is { } priceData
                    ? PricesApi.Create(state, now, priceData, $"{param}[price_data][")
                    : throw StripeApiException.MissingParam($"{param}[price]");
            if (!price.Bool("active"))
            {
                throw StripeApiException.InvalidParam($"{param}[price]", $"The price specified is inactive. This field only accepts active prices.");
            }

            var recurring = price.Str("type") == "recurring";
            if (recurring != (mode == "subscription"))
            {
                throw StripeApiException.InvalidParam($"{param}[price]", mode == "subscription"
                    ? "You must provide at least one recurring price in `subscription` mode when using prices."
                    : "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.");
            }

            var quantity = line.Long("quantity") ?? 1;
            var amount = price.Long("unit_amount") * quantity;
            var item = Templates.New("item");
            item["id"] = Ids.New("li");
            item["amount_discount"] = 0;
            item["amount_subtotal"] = amount;
            item["amount_tax"] = 0;
            item["amount_total"] = amount;
            item["currency"] = price.Str("currency");
            item["description"] = state.Products.GetValueOrDefault(price.RequiredStr("product"))?.Str("name");
            item["price"] = price.Clone();
            item["quantity"] = quantity;
            items.Add(item);
        }

        return items;
    }
}
