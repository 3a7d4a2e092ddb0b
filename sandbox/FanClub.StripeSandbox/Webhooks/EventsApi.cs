using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Store;

namespace FanClub.StripeSandbox.Webhooks;

/// <summary>/v1/events (retrieve; list by <c>type</c>, <c>types[]</c>, <c>created[gte]</c>…) and the delivery log.</summary>
internal static class EventsApi
{
    public static void MapEvents(this IEndpointRouteBuilder api)
    {
        api.MapGet("/events/{id}", (string id, StripeParams p, SandboxStore store) =>
            StripeResults.Json(store.Read(state => Expander.Render(state, state.Events.Require(id, "event"), p))));
        api.MapGet("/events", List);
    }

    public static void MapDeliveryLog(this IEndpointRouteBuilder sandbox) =>
        sandbox.MapGet("/webhooks/deliveries", (WebhookDeliveryLog log) => Results.Json(log.All()));

    private static IResult List(StripeParams p, SandboxStore store) => StripeResults.Json(store.Read(state =>
    {
        var type = p.String("type");
        var types = p.Strings("types");
        var events = state.Events.NewestFirst()
            .Where(e => type is null || Matches(e.RequiredStr("type"), type))
            .Where(e => types.Count == 0 || types.Any(t => Matches(e.RequiredStr("type"), t)))
            .CreatedWithin(p);
        return ListPage.Build(events, p, "/v1/events");
    }));

    /// <summary>Stripe accepts a trailing wildcard: <c>invoice.*</c>.</summary>
    private static bool Matches(string eventType, string filter) => filter.EndsWith(".*", StringComparison.Ordinal)
        ? eventType.StartsWith(filter[..^1], StringComparison.Ordinal)
        : eventType == filter;
}
