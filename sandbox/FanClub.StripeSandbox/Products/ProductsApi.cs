using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Store;

namespace FanClub.StripeSandbox.Products;

/// <summary>/v1/products: create, retrieve, update (name, description, active, metadata), list.</summary>
internal static class ProductsApi
{
    public static void MapProducts(this IEndpointRouteBuilder api)
    {
        api.MapPost("/products", CreateHandler);
        api.MapGet("/products", List);
        api.MapGet("/products/{id}", Retrieve);
        api.MapPost("/products/{id}", Update);
    }

    /// <summary>Creates a product; also used for checkout's <c>price_data[product_data]</c>.</summary>
    public static JsonObject Create(SandboxState state, long now, StripeParams p)
    {
        var product = Templates.New("product");
        product["id"] = p.String("id") is { Length: > 0 } id ? id : Ids.New("prod", 14);
        if (state.Products.ContainsKey(product.RequiredStr("id")))
        {
            throw StripeApiException.InvalidParam("id", $"Product already exists: {product.Str("id")}");
        }

        product["name"] = p.RequiredString("name");
        product["description"] = p.String("description");
        product["active"] = p.Bool("active") ?? true;
        product["created"] = now;
        product["updated"] = now;
        product["metadata"] = p.Map("metadata").ToJsonObject();
        state.Products.Add(product);
        return product;
    }

    private static IResult CreateHandler(StripeParams p, SandboxStore store, SandboxClock clock) =>
        StripeResults.Json(store.Write(state => Create(state, clock.UnixNow, p).Clone()));

    private static IResult Retrieve(string id, StripeParams p, SandboxStore store) =>
        StripeResults.Json(store.Read(state => Expander.Render(state, state.Products.Require(id, "product"), p)));

    private static IResult Update(string id, StripeParams p, SandboxStore store, SandboxClock clock) =>
        StripeResults.Json(store.Write(state =>
        {
            var product = state.Products.Require(id, "product");
            if (p.String("name") is { Length: > 0 } name)
            {
                product["name"] = name;
            }

            if (p.Has("description"))
            {
                product["description"] = p.String("description") is { Length: > 0 } description ? description : null;
            }

            if (p.Bool("active") is { } active)
            {
                product["active"] = active;
            }

            if (p.String("default_price") is { Length: > 0 } defaultPrice)
            {
                product["default_price"] = state.Prices.Require(defaultPrice, "price", "default_price").Str("id");
            }

            product.MergeMetadata(p.Map("metadata"));
            product["updated"] = clock.UnixNow;
            return Expander.Render(state, product, p);
        }));

    private static IResult List(StripeParams p, SandboxStore store) =>
        StripeResults.Json(store.Read(state =>
        {
            var active = p.Bool("active");
            var products = state.Products.NewestFirst().Where(x => active is null || x.Bool("active") == active).CreatedWithin(p);
            return Expander.RenderList(state, products, p, "/v1/products");
        }));
}
