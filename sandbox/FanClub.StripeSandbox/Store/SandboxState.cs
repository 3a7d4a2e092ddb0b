using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Infrastructure;

namespace FanClub.StripeSandbox.Store;

/// <summary>
/// Everything the sandbox knows. Resources are kept as the JSON Stripe would return (so a
/// response is a copy, and persistence is one serializer call); what Stripe keeps private
/// (card numbers, scheduling marks) lives in the typed tables at the end.
/// Only touched under <see cref="SandboxStore"/>'s lock.
/// </summary>
internal sealed class SandboxState
{
    public OrderedDictionary<string, JsonObject> Customers { get; init; } = [];
    public OrderedDictionary<string, JsonObject> Products { get; init; } = [];
    public OrderedDictionary<string, JsonObject> Prices { get; init; } = [];
    public OrderedDictionary<string, JsonObject> CheckoutSessions { get; init; } = [];
    public OrderedDictionary<string, JsonObject> Subscriptions { get; init; } = [];
    public OrderedDictionary<string, JsonObject> Invoices { get; init; } = [];
    public OrderedDictionary<string, JsonObject> InvoicePayments { get; init; } = [];
    public OrderedDictionary<string, JsonObject> PaymentIntents { get; init; } = [];
    public OrderedDictionary<string, JsonObject> Charges { get; init; } = [];
    public OrderedDictionary<string, JsonObject> Refunds { get; init; } = [];
    public OrderedDictionary<string, JsonObject> Disputes { get; init; } = [];
    public OrderedDictionary<string, JsonObject> PortalSessions { get; init; } = [];
    public OrderedDictionary<string, JsonObject> TestClocks { get; init; } = [];
    public OrderedDictionary<string, JsonObject> Events { get; init; } = [];

    /// <summary>Cards on file by payment method id: Stripe never returns the number.</summary>
    public Dictionary<string, CardOnFile> PaymentMethods { get; init; } = [];

    public Dictionary<string, CheckoutDetails> CheckoutDetails { get; init; } = [];

    public Dictionary<string, SubscriptionMarks> SubscriptionMarks { get; init; } = [];

    /// <summary>How far the sandbox clock had been moved, so a restart keeps the sandbox's date.</summary>
    public TimeSpan ClockOffset { get; set; }

    public SubscriptionMarks MarksFor(string subscriptionId) =>
        SubscriptionMarks.TryGetValue(subscriptionId, out var marks) ? marks : SubscriptionMarks[subscriptionId] = new();

    /// <summary>Any stored resource by id, for <c>expand[]</c>; the prefix says which table.</summary>
    public JsonObject? Find(string id)
    {
        var table = id[..Math.Max(0, id.IndexOf('_', StringComparison.Ordinal))] switch
        {
            "cus" => Customers,
            "prod" => Products,
            "price" => Prices,
            "cs" => CheckoutSessions,
            "sub" => Subscriptions,
            "in" => Invoices,
            "inpay" => InvoicePayments,
            "pi" => PaymentIntents,
            "ch" => Charges,
            "re" => Refunds,
            "dp" => Disputes,
            "bps" => PortalSessions,
            "clock" => TestClocks,
            "evt" => Events,
            _ => null,
        };
        return table is not null && table.TryGetValue(id, out var found) ? found : null;
    }
}

internal static class ResourceTableExtensions
{
    /// <summary>The resource, or Stripe's <c>resource_missing</c> error naming it.</summary>
    public static JsonObject Require(this OrderedDictionary<string, JsonObject> table, string id, string objectName, string param = "id") =>
        table.TryGetValue(id, out var found) ? found : throw StripeApiException.ResourceMissing(objectName, id, param);

    /// <summary>Stripe lists newest first.</summary>
    public static IEnumerable<JsonObject> NewestFirst(this OrderedDictionary<string, JsonObject> table) =>
        table.Values.Reverse();

    public static void Add(this OrderedDictionary<string, JsonObject> table, JsonObject resource) =>
        table.Add(resource.RequiredStr("id"), resource);
}

/// <summary>A saved test card. Its behaviour comes from the number, as with Stripe's test cards.</summary>
internal sealed class CardOnFile
{
    public required string Number { get; init; }

    public required string Customer { get; init; }

    /// <summary>3-D Secure was completed once, so later off-session charges go through.</summary>
    public bool Authenticated { get; set; }

    public int SuccessfulCharges { get; set; }
}

/// <summary>What a checkout session was asked for that Stripe does not echo back on the session.</summary>
internal sealed class CheckoutDetails
{
    public List<JsonObject> LineItems { get; init; } = [];

    public long? TrialPeriodDays { get; init; }

    public Dictionary<string, string> SubscriptionMetadata { get; init; } = [];
}

/// <summary>Notifications already sent for a subscription, so the clock does not send them twice.</summary>
internal sealed class SubscriptionMarks
{
    public bool TrialWillEndSent { get; set; }

    /// <summary>The period end that <c>invoice.upcoming</c> was last sent for.</summary>
    public long? UpcomingSentForPeriodEnd { get; set; }

    /// <summary>Proration lines from <c>proration_behavior=create_prorations</c>, billed on the next invoice.</summary>
    public List<JsonObject> PendingProrations { get; init; } = [];
}
