using System.Globalization;
using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Products;
using FanClub.StripeSandbox.Store;

namespace FanClub.StripeSandbox.Prices;

/// <summary>
/// /v1/prices: create, retrieve, list (product, active, lookup_keys[], type), update. As at
/// Stripe a price is immutable once created except <c>active</c>, <c>metadata</c>,
/// <c>nickname</c> and <c>lookup_key</c>; a new amount is a new price.
/// </summary>
internal static class PricesApi
{
    private static readonly string[] ImmutableFields = ["unit_amount", "currency", "product", "recurring"];

    public static void MapPrices(this IEndpointRouteBuilder api)
    {
        api.MapPost("/prices", CreateHandler);
        api.MapGet("/prices", List);
        api.MapGet("/prices/{id}", Retrieve);
        api.MapPost("/prices/{id}", Update);
    }

    /// <summary>Creates a price from <c>POST /v1/prices</c> parameters or checkout's <c>price_data</c> (which may carry <c>product_data</c>).</summary>
    public static JsonObject Create(SandboxState state, long now, StripeParams p, string paramPrefix = "")
    {
        var productId = p.String("product") is { Length: > 0 } existing
            ? state.Products.Require(existing, "product", paramPrefix + "product").RequiredStr("id")
            : p.Object("product_data") is { } productData
                ? ProductsApi.Create(state, now, productData).RequiredStr("id")
                : throw StripeApiException.MissingParam(paramPrefix + "product");
        var unitAmount = p.Long("unit_amount") ?? throw StripeApiException.MissingParam(paramPrefix + "unit_amount");
        if (unitAmount < 0)
        {
            throw StripeApiException.InvalidParam(paramPrefix + "unit_amount", "This value must be greater than or equal to 0.");
        }

        var currency = p.RequiredString("currency").ToLowerInvariant();
        var price = Templates.New("price");
        price["id"] = Ids.New("price");
        price["active"] = p.Bool("active") ?? true;
        price["created"] = now;
        price["currency"] = currency;
        price["lookup_key"] = p.String("lookup_key");
        price["metadata"] = p.Map("metadata").ToJsonObject();
        price["nickname"] = p.String("nickname");
        price["product"] = productId;
        price["unit_amount"] = unitAmount;
        price["unit_amount_decimal"] = unitAmount.ToString(CultureInfo.InvariantCulture);
        if (p.Object("recurring") is { } recurring)
        {
            var interval = recurring.RequiredString("interval");
            if (interval is not ("day" or "week" or "month" or "year"))
            {
                throw StripeApiException.InvalidParam(paramPrefix + "recurring[interval]", $"Invalid recurring[interval]: must be one of day, week, month, or year");
            }

            price["type"] = "recurring";
            var template = price.Obj("recurring");
            template["interval"] = interval;
            template["interval_count"] = recurring.Long("interval_count") ?? 1;
            template["trial_period_days"] = recurring.Long("trial_period_days");
        }
        else
        {
            price["type"] = "one_time";
            price["recurring"] = null;
        }

        if (price.Str("lookup_key") is { } lookupKey)
        {
            TransferLookupKey(state, lookupKey, p.Bool("transfer_lookup_key") == true, paramPrefix);
        }

        state.Prices.Add(price);
        return price;
    }

    private static IResult CreateHandler(StripeParams p, SandboxStore store, SandboxClock clock) =>
        StripeResults.Json(store.Write(state => Expander.Render(state, Create(state, clock.UnixNow, p), p)));

    private static IResult Retrieve(string id, StripeParams p, SandboxStore store) =>
        StripeResults.Json(store.Read(state => Expander.Render(state, state.Prices.Require(id, "price"), p)));

    private static IResult Update(string id, StripeParams p, SandboxStore store) =>
        StripeResults.Json(store.Write(state =>
        {
            var price = state.Prices.Require(id, "price");
            foreach (var immutable in ImmutableFields)
            {
                if (p.Has(immutable))
                {
                    throw StripeApiException.InvalidParam(immutable, $"Received unknown parameter: {immutable}. Prices cannot be changed once created: create a new price instead.");
                }
            }

            if (p.Bool("active") is { } active)
            {
                price["active"] = active;
            }

            if (p.Has("nickname"))
            {
                price["nickname"] = p.String("nickname") is { Length: > 0 } nickname ? nickname : null;
            }

            if (p.String("lookup_key") is { Length: > 0 } lookupKey)
            {
                TransferLookupKey(state, lookupKey, p.Bool("transfer_lookup_key") == true, "");
                price["lookup_key"] = lookupKey;
            }

            price.MergeMetadata(p.Map("metadata"));
            return Expander.Render(state, price, p);
        }));

    private static IResult List(StripeParams p, SandboxStore store) =>
        StripeResults.Json(store.Read(state =>
        {
            var product = p.String("product");
            var active = p.Bool("active");
            var type = p.String("type");
            var lookupKeys = p.Strings("lookup_keys");
            var prices = state.Prices.NewestFirst()
                .Where(x => product is null || x.Str("product") == product)
                .Where(x => active is null || x.Bool("active") == active)
                .Where(x => type is null || x.Str("type") == type)
                .Where(x => lookupKeys.Count == 0 || lookupKeys.Contains(x.Str("lookup_key") ?? ""))
                .CreatedWithin(p);
            return Expander.RenderList(state, prices, p, "/v1/prices");
        }));

    /// <summary>A lookup key names one price at a time; taking it from another price needs <c>transfer_lookup_key</c>.</summary>
    private static void TransferLookupKey(SandboxState state, string lookupKey, bool transfer, string paramPrefix)
    {
        var holder = state.Prices.Values.FirstOrDefault(x => x.Str("lookup_key") == lookupKey);
        if (holder is null)
        {
            return;
        }

        if (!transfer)
        {
            throw StripeApiException.InvalidParam(paramPrefix + "lookup_key",
                $"A price ({holder.Str("id")}) already uses that lookup key. Pass transfer_lookup_key=true to move it.");
        }

        holder["lookup_key"] = null;
    }
}
