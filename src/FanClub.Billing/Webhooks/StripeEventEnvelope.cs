using System.Text.Json;
using Stripe;

namespace FanClub.Billing.Webhooks;

/// <summary>
/// What FanClub reads of a verified Stripe event before applying it: its id, type, API version and
/// mode, and the id, kind, customer and charge of the object it is about. Every handler re-reads
/// that object from Stripe, so the payload's own copy of it is not bound to Stripe.net's classes:
/// doing so (<see cref="EventUtility.ParseEvent(string, bool)"/>) cost nearly as much CPU as applying
/// the event (benchmark profile of webhook ingestion). The one event that carries data with no id to
/// re-read, <c>invoice.upcoming</c>, still gets the full parse, through <see cref="ParseFull"/>.
/// </summary>
public sealed record StripeEventEnvelope(
    string Id, string Type, string? ApiVersion, bool Livemode, string ObjectType, string? ObjectId, string? CustomerId, string? ChargeId)
{
    /// <summary>The event's JSON, for <see cref="ParseFull"/>.</summary>
    public required string Json { get; init; }

    /// <summary>
    /// Reads the envelope of <paramref name="json"/>; null, with the reason in <paramref name="problem"/>,
    /// when it is not a Stripe event (not JSON, or a field missing or of the wrong kind).
    /// </summary>
    public static StripeEventEnvelope? TryRead(string json, out string? problem)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "id") is not { Length: > 0 } id
                || Text(root, "type") is not { Length: > 0 } type
                || !root.TryGetProperty("livemode", out var livemode) || livemode.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
                || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("object", out var item) || item.ValueKind != JsonValueKind.Object
                || Text(item, "object") is not { Length: > 0 } objectType)
            {
                problem = "Not a Stripe event: id, type, livemode and data.object (with its object) are required.";
                return null;
            }

            // A dispute names no customer; its charge does, when the charge came expanded.
            var customer = IdOf(item, "customer")
                ?? (item.TryGetProperty("charge", out var charge) && charge.ValueKind == JsonValueKind.Object ? IdOf(charge, "customer") : null);
            problem = null;
            return new StripeEventEnvelope(id, type, Text(root, "api_version"), livemode.GetBoolean(), objectType,
                Text(item, "id"), customer, IdOf(item, "charge"))
            {
                Json = json,
            };
        }
        catch (JsonException e)
        {
            problem = e.Message;
            return null;
        }
    }

    private Event? _full;

    /// <summary>The whole event as Stripe.net reads it, once (throws what its readers throw on a bad payload).</summary>
    public Event ParseFull() => _full ??= EventUtility.ParseEvent(Json, throwOnApiVersionMismatch: false);

    /// <summary>Whether applying it needs the payload's object itself, not only its id.</summary>
    public bool NeedsFullPayload => Type == StripeEventTypes.InvoiceUpcoming;

    /// <summary>A string property, or null when absent or of another kind (a wrong kind is caught where it matters).</summary>
    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A reference as Stripe writes it: the id, or the expanded object with its id.</summary>
    private static string? IdOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object => Text(value, "id"),
            _ => null,
        } : null;
}
