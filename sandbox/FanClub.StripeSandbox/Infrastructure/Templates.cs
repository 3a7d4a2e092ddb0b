using System.Text.Json.Nodes;

namespace FanClub.StripeSandbox.Infrastructure;

/// <summary>
/// Stripe's own example objects (Templates/templates.json, taken from shared/stripe/fixtures3.json),
/// used as the starting point of every resource so responses keep Stripe's shape.
/// </summary>
internal static class Templates
{
    private static readonly JsonObject All = Load();

    /// <summary>A fresh copy of the template for a Stripe object type, e.g. <c>customer</c> or <c>checkout.session</c>.</summary>
    public static JsonObject New(string objectType) =>
        All[objectType]?.DeepClone().AsObject() ?? throw new KeyNotFoundException($"No template for '{objectType}'.");

    private static JsonObject Load()
    {
        using var stream = typeof(Templates).Assembly.GetManifestResourceStream("FanClub.StripeSandbox.templates.json")
            ?? throw new InvalidOperationException("The embedded templates.json is missing.");
        return JsonNode.Parse(stream)!.AsObject();
    }
}
