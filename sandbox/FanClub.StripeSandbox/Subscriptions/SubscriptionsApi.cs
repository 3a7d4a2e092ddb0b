using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Store;

namespace FanClub.StripeSandbox.Subscriptions;

/// <summary>
/// /v1/subscriptions: retrieve, list (customer, price, status incl. <c>all</c>, cursor pages),
/// update, cancel. Subscriptions are created by checkout, as in FanClub.
/// </summary>
internal static class SubscriptionsApi
{
    public static void MapSubscriptions(this IEndpointRouteBuilder api)
    {
        api.MapGet("/subscriptions", List);
        api.MapGet("/subscriptions/{id}", Retrieve);
        api.MapPost("/subscriptions/{id}", Update);
        api.MapDelete("/subscriptions/{id}", Cancel);
    }

    private static IResult Retrieve(string id, StripeParams p, SandboxStore store) =>
        StripeResults.Json(store.Read(state => Expander.Render(state, state.Subscriptions.Require(id, "subscription"), p)));

    private static IResult List(StripeParams p, SandboxStore store) => StripeResults.Json(store.Read(state =>
    {
        var customer = p.String("customer");
        var price = p.String("price");
        var status = p.String("status");
        var subscriptions = state.Subscriptions.NewestFirst()
            .Where(s => customer is null || s.Str("customer") == customer)
            .Where(s => price is null || s.Obj("items").Arr("data").Objects().Any(i => i.Obj("price").Str("id") == price))
            // Like Stripe, the default leaves out canceled subscriptions; "all" includes them.
            .Where(s => status switch
            {
                null => s.Str("status") is not ("canceled" or "incomplete_expired"),
                "all" => true,
                "ended" => s.Str("status") is "canceled" or "incomplete_expired",
                _ => s.Str("status") == status,
            })
            .CreatedWithin(p);
        return Expander.RenderList(state, subscriptions, p, "/v1/subscriptions");
    }));

    private static IResult Update(string id, StripeParams p, SandboxStore store, SubscriptionService subscriptions) => StripeResults.Json(store.Write(state =>
    {
        var subscription = state.Subscriptions.Require(id, "subscription");
        subscriptions.Update(state, subscription, p);
        return Expander.Render(state, subscription, p);
    }));

    /// <summary>Immediate cancellation; <c>prorate</c> and <c>invoice_now</c> are accepted and ignored.</summary>
    private static IResult Cancel(string id, StripeParams p, SandboxStore store, SubscriptionService subscriptions) => StripeResults.Json(store.Write(state =>
    {
        var subscription = state.Subscriptions.Require(id, "subscription");
        if (subscription.Str("status") is "canceled" or "incomplete_expired")
        {
            throw StripeApiException.InvalidRequest($"This subscription is already canceled: {id}");
        }

        subscriptions.Cancel(state, subscription, "cancellation_requested");
        return Expander.Render(state, subscription, p);
    }));
}
