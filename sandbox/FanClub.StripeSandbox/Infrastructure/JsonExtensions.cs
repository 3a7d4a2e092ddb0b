using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FanClub.StripeSandbox.Infrastructure;

/// <summary>Typed reads of resource documents, which are kept as JSON in exactly the shape Stripe returns.</summary>
internal static class JsonExtensions
{
    public static string? Str(this JsonObject obj, string key) =>
        obj[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static string RequiredStr(this JsonObject obj, string key) =>
        obj.Str(key) ?? throw new InvalidOperationException($"'{key}' is missing on {obj.Str("id")}.");

    public static long? LongOrNull(this JsonObject obj, string key) => obj[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<long>(out var number) => number,
        JsonValue value when value.TryGetValue<int>(out var number) => number,
        JsonValue value when value.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.Number => element.GetInt64(),
        var other => long.Parse(other.ToJsonString(), CultureInfo.InvariantCulture),
    };

    public static long Long(this JsonObject obj, string key) =>
        obj.LongOrNull(key) ?? throw new InvalidOperationException($"'{key}' is missing on {obj.Str("id")}.");

    public static bool Bool(this JsonObject obj, string key) =>
        obj[key] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    public static JsonObject Obj(this JsonObject obj, string key) =>
        obj[key] as JsonObject ?? throw new InvalidOperationException($"'{key}' is not an object on {obj.Str("id")}.");

    public static JsonArray Arr(this JsonObject obj, string key) =>
        obj[key] as JsonArray ?? throw new InvalidOperationException($"'{key}' is not an array on {obj.Str("id")}.");

    public static IEnumerable<JsonObject> Objects(this JsonArray array) => array.OfType<JsonObject>();

    public static JsonObject Clone(this JsonObject obj) => obj.DeepClone().AsObject();

    public static JsonObject ToJsonObject(this IReadOnlyDictionary<string, string>? map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map ?? new Dictionary<string, string>())
        {
            result[key] = value;
        }

        return result;
    }

    /// <summary>
    /// Stripe's metadata update rules: keys merge, an empty value removes its key, and an
    /// empty <c>metadata=</c> clears everything.
    /// </summary>
    public static void MergeMetadata(this JsonObject resource, IReadOnlyDictionary<string, string>? update)
    {
        if (update is null)
        {
            return;
        }

        var metadata = resource["metadata"] as JsonObject ?? [];
        if (update.Count == 0)
        {
            metadata.Clear();
        }

        foreach (var (key, value) in update)
        {
            if (value.Length == 0)
            {
                metadata.Remove(key);
            }
            else
            {
                metadata[key] = value;
            }
        }

        resource["metadata"] = metadata;
    }

    /// <summary>The top-level keys whose values changed, with their old values: Stripe's <c>previous_attributes</c>.</summary>
    public static JsonObject PreviousAttributes(JsonObject before, JsonObject after)
    {
        var previous = new JsonObject();
        foreach (var (key, oldValue) in before)
        {
            if (!JsonNode.DeepEquals(oldValue, after[key]))
            {
                previous[key] = oldValue?.DeepClone();
            }
        }

        return previous;
    }
}
