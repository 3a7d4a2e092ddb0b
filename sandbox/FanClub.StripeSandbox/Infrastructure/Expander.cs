using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Store;

namespace FanClub.StripeSandbox.Infrastructure;

/// <summary>
/// Stripe's <c>expand[]</c>: replaces an id with the object it names (<c>subscription</c>,
/// <c>latest_invoice</c>, <c>items.data.price.product</c>, <c>data.customer</c> in lists), and
/// fills the "includable" fields Stripe only returns on request (<c>line_items</c> on a checkout
/// session, <c>payments</c> on an invoice). Unknown paths are ignored.
/// </summary>
internal static class Expander
{
    public static JsonObject Render(SandboxState state, JsonObject resource, StripeParams query) =>
        Render(state, resource, query.Strings("expand"));

    public static JsonObject Render(SandboxState state, JsonObject resource, IEnumerable<string> paths)
    {
        var copy = resource.Clone();
        foreach (var path in paths)
        {
            Expand(state, copy, path.Split('.'));
        }

        return copy;
    }

    /// <summary>A list page whose items honour <c>expand[]=data.…</c>.</summary>
    public static JsonObject RenderList(SandboxState state, IEnumerable<JsonObject> newestFirst, StripeParams query, string url)
    {
        var itemPaths = query.Strings("expand")
            .Where(p => p.StartsWith("data.", StringComparison.Ordinal))
            .Select(p => p["data.".Length..])
            .ToList();
        return ListPage.Build(newestFirst, query, url, item => Render(state, item, itemPaths));
    }

    private static void Expand(SandboxState state, JsonNode? node, ReadOnlySpan<string> path)
    {
        if (node is not JsonObject obj || path.IsEmpty)
        {
            return;
        }

        var key = path[0];
        if (obj.Str("object") == "list" && key == "data")
        {
            foreach (var item in obj.Arr("data"))
            {
                Expand(state, item, path[1..]);
            }

            return;
        }

        if (obj[key] is JsonValue value && value.TryGetValue<string>(out var id) && state.Find(id) is { } found)
        {
            obj[key] = found.Clone();
        }
        else if (!obj.ContainsKey(key) || obj[key] is null)
        {
            if (Includable(state, obj, key) is { } included)
            {
                obj[key] = included;
            }
        }

        Expand(state, obj[key], path[1..]);
    }

    private static JsonObject? Includable(SandboxState state, JsonObject obj, string key)
    {
        var id = obj.Str("id");
        return (obj.Str("object"), key) switch
        {
            ("checkout.session", "line_items") when id is not null && state.CheckoutDetails.TryGetValue(id, out var details) =>
                ListOf(details.LineItems, $"/v1/checkout/sessions/{id}/line_items"),
            ("invoice", "payments") when id is not null =>
                ListOf(state.InvoicePayments.Values.Where(p => p.Str("invoice") == id), $"/v1/invoices/{id}/payments"),
            _ => null,
        };
    }

    public static JsonObject ListOf(IEnumerable<JsonObject> items, string url) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. items.Select(i => (JsonNode)i.Clone())]),
        ["has_more"] = false,
        ["url"] = url,
    };
}
