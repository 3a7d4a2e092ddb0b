using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Store;

namespace FanClub.StripeSandbox.Webhooks;

/// <summary>
/// Turns every change into a Stripe <c>event</c> (a snapshot of the object, plus
/// <c>previous_attributes</c> for updates), stores it for <c>GET /v1/events</c>, and queues its
/// delivery. Called inside the store's lock, so events are recorded in the order things happen.
/// </summary>
internal sealed class EventPublisher(SandboxClock clock, WebhookQueue queue, IHttpContextAccessor http, StripeSandboxOptions options)
{
    /// <summary>The API version Stripe.net 53.1.0 is pinned to; its <c>EventUtility</c> refuses any other.</summary>
    public const string ApiVersion = "2026-10-28.endive";

    public JsonObject Publish(SandboxState state, string type, JsonObject resource, JsonObject? before = null)
    {
        var evt = Templates.New("event");
        var data = new JsonObject { ["object"] = resource.Clone() };
        if (before is not null)
        {
            data["previous_attributes"] = JsonExtensions.PreviousAttributes(before, resource);
        }

        var endpoints = options.EffectiveWebhookEndpoints;
        evt["id"] = Ids.New("evt");
        evt["api_version"] = ApiVersion;
        evt["created"] = clock.UnixNow;
        evt["data"] = data;
        evt["pending_webhooks"] = endpoints.Count;
        evt["request"] = RequestInfo();
        evt["type"] = type;
        state.Events.Add(evt);

        var payload = evt.ToJsonString(StripeResults.Wire);
        foreach (var endpoint in endpoints)
        {
            queue.Enqueue(new PendingDelivery(evt.RequiredStr("id"), type, payload, endpoint, Attempt: 1));
        }

        return evt;
    }

    /// <summary>The API request that caused the event; both null when the clock did.</summary>
    private JsonObject RequestInfo()
    {
        var context = http.HttpContext;
        var requestId = context?.Items[ApiGatewayMiddleware.RequestIdItem] as string;
        var key = requestId is null ? null : context!.Request.Headers["Idempotency-Key"].ToString();
        return new JsonObject
        {
            ["id"] = requestId,
            ["idempotency_key"] = string.IsNullOrEmpty(key) ? null : key,
        };
    }
}
