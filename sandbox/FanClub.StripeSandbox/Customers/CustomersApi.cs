using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Store;
using FanClub.StripeSandbox.Webhooks;

namespace FanClub.StripeSandbox.Customers;

/// <summary>/v1/customers: create, retrieve, update (email, name, metadata), list by email.</summary>
internal static class CustomersApi
{
    public static void MapCustomers(this IEndpointRouteBuilder api)
    {
        api.MapPost("/customers", CreateHandler);
        api.MapGet("/customers", List);
        api.MapGet("/customers/{id}", Retrieve);
        api.MapPost("/customers/{id}", Update);
    }

    /// <summary>Creates a customer and emits <c>customer.created</c>; also used by checkout when no customer was given.</summary>
    public static JsonObject Create(SandboxState state, EventPublisher events, long now, string? email, string? name, IReadOnlyDictionary<string, string>? metadata, string? testClock = null)
    {
        if (testClock is not null)
        {
            state.TestClocks.Require(testClock, "test_helpers.test_clock", "test_clock");
        }

        var customer = Templates.New("customer");
        customer["id"] = Ids.New("cus", 14);
        customer["created"] = now;
        customer["email"] = email;
        customer["name"] = name;
        customer["invoice_prefix"] = Ids.Random(8).ToUpperInvariant();
        customer["metadata"] = metadata.ToJsonObject();
        customer["test_clock"] = testClock;
        state.Customers.Add(customer);
        events.Publish(state, "customer.created", customer);
        return customer;
    }

    private static IResult CreateHandler(StripeParams p, SandboxStore store, SandboxClock clock, EventPublisher events) =>
        StripeResults.Json(store.Write(state =>
            Expander.Render(state, Create(state, events, clock.UnixNow, p.String("email"), p.String("name"), p.Map("metadata"), p.String("test_clock")), p)));

    private static IResult Retrieve(string id, StripeParams p, SandboxStore store) =>
        StripeResults.Json(store.Read(state => Expander.Render(state, state.Customers.Require(id, "customer"), p)));

    private static IResult Update(string id, StripeParams p, SandboxStore store, EventPublisher events) =>
        StripeResults.Json(store.Write(state =>
        {
            var customer = state.Customers.Require(id, "customer");
            var before = customer.Clone();
            if (p.Has("email"))
            {
                customer["email"] = p.String("email") is { Length: > 0 } email ? email : null;
            }

            if (p.Has("name"))
            {
                customer["name"] = p.String("name") is { Length: > 0 } name ? name : null;
            }

            customer.MergeMetadata(p.Map("metadata"));
            if (p.Object("invoice_settings")?.String("default_payment_method") is { Length: > 0 } paymentMethod)
            {
                customer.Obj("invoice_settings")["default_payment_method"] = paymentMethod;
            }

            events.Publish(state, "customer.updated", customer, before);
            return Expander.Render(state, customer, p);
        }));

    private static IResult List(StripeParams p, SandboxStore store) =>
        StripeResults.Json(store.Read(state =>
        {
            var email = p.String("email");
            var customers = state.Customers.NewestFirst()
                .Where(c => email is null || string.Equals(c.Str("email"), email, StringComparison.OrdinalIgnoreCase))
                .CreatedWithin(p);
            return Expander.RenderList(state, customers, p, "/v1/customers");
        }));
}
