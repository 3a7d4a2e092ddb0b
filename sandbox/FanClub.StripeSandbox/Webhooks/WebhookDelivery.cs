namespace FanClub.StripeSandbox.Webhooks;

/// <summary>One attempt to deliver an event to an endpoint, as listed by <c>GET /sandbox/webhooks/deliveries</c>.</summary>
/// <param name="EventId">The <c>evt_…</c> id.</param>
/// <param name="EventType">For example <c>invoice.paid</c>.</param>
/// <param name="Endpoint">Where it was POSTed.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="StatusCode">The endpoint's HTTP status, or null when it did not answer.</param>
/// <param name="Error">Why the attempt failed, when it did.</param>
/// <param name="Succeeded">A 2xx answer: no more attempts.</param>
/// <param name="AttemptedAt">Real (wall-clock) time of the attempt.</param>
/// <param name="NextAttemptAt">When the next attempt is due, or null when none will follow.</param>
public sealed record WebhookDelivery(
    string EventId,
    string EventType,
    Uri Endpoint,
    int Attempt,
    int? StatusCode,
    string? Error,
    bool Succeeded,
    DateTimeOffset AttemptedAt,
    DateTimeOffset? NextAttemptAt);
