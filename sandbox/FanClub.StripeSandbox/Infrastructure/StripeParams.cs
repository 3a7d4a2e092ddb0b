using System.Globalization;

namespace FanClub.StripeSandbox.Infrastructure;

/// <summary>
/// Request parameters decoded from Stripe's bracket notation into a nested dictionary:
/// <c>line_items[0][price]=p</c>, <c>metadata[member_id]=7</c>, <c>expand[]=x</c>. A node is
/// either a string or a dictionary of child nodes; a list is a dictionary keyed by index,
/// which is what the notation says (Stripe.net sends <c>expand[0]=x</c>, curl users <c>expand[]=x</c>).
/// </summary>
internal sealed class StripeParams
{
    private readonly Dictionary<string, object> values;

    private StripeParams(Dictionary<string, object> values) => this.values = values;

    public static StripeParams Parse(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            var path = SplitKey(key);
            var node = root;
            for (var i = 0; i < path.Count - 1; i++)
            {
                var segment = path[i].Length == 0 ? node.Count.ToString(CultureInfo.InvariantCulture) : path[i];
                if (!node.TryGetValue(segment, out var child) || child is not Dictionary<string, object> nested)
                {
                    nested = new Dictionary<string, object>(StringComparer.Ordinal);
                    node[segment] = nested;
                }

                node = nested;
            }

            var last = path[^1].Length == 0 ? node.Count.ToString(CultureInfo.InvariantCulture) : path[^1];
            node[last] = value;
        }

        return new StripeParams(root);
    }

    /// <summary>Minimal API binding: query string plus, for form posts, the form body.</summary>
    public static async ValueTask<StripeParams?> BindAsync(HttpContext context)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in context.Request.Query)
        {
            pairs.AddRange(values.Select(v => KeyValuePair.Create(key, v ?? "")));
        }

        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            foreach (var (key, values) in form)
            {
                pairs.AddRange(values.Select(v => KeyValuePair.Create(key, v ?? "")));
            }
        }

        return Parse(pairs);
    }

    public bool Has(string key) => values.ContainsKey(key);

    public string? String(string key) => values.TryGetValue(key, out var value) ? value as string : null;

    public string RequiredString(string key) =>
        String(key) is { Length: > 0 } value ? value : throw StripeApiException.MissingParam(key);

    public long? Long(string key)
    {
        var text = String(key);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw StripeApiException.InvalidParam(key, $"Invalid integer: {text}");
    }

    public bool? Bool(string key) => String(key) switch
    {
        null or "" => null,
        "true" => true,
        "false" => false,
        var other => throw StripeApiException.InvalidParam(key, $"Invalid boolean: {other}"),
    };

    public StripeParams? Object(string key) =>
        values.TryGetValue(key, out var value) && value is Dictionary<string, object> nested ? new StripeParams(nested) : null;

    /// <summary>A list of objects, e.g. <c>line_items[0][price]</c>, in index order.</summary>
    public IReadOnlyList<StripeParams> List(string key) =>
        Indexed(key).OfType<Dictionary<string, object>>().Select(d => new StripeParams(d)).ToList();

    /// <summary>A list of strings, e.g. <c>expand[0]=a&amp;expand[1]=b</c>.</summary>
    public IReadOnlyList<string> Strings(string key) => values.TryGetValue(key, out var value) && value is string single
        ? [single]
        : Indexed(key).OfType<string>().ToList();

    /// <summary>A flat string map such as <c>metadata</c>; <c>null</c> when absent. An empty string (<c>metadata=</c>) is an empty map.</summary>
    public IReadOnlyDictionary<string, string>? Map(string key) => values.TryGetValue(key, out var value)
        ? value switch
        {
            Dictionary<string, object> nested => nested.Where(kv => kv.Value is string).ToDictionary(kv => kv.Key, kv => (string)kv.Value, StringComparer.Ordinal),
            _ => new Dictionary<string, string>(StringComparer.Ordinal),
        }
        : null;

    private IEnumerable<object> Indexed(string key)
    {
        if (!values.TryGetValue(key, out var value) || value is not Dictionary<string, object> nested)
        {
            return [];
        }

        return nested
            .OrderBy(kv => int.TryParse(kv.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) ? index : int.MaxValue)
            .Select(kv => kv.Value);
    }

    private static List<string> SplitKey(string key)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        if (open <= 0 || !key.EndsWith(']'))
        {
            return [key];
        }

        var path = new List<string> { key[..open] };
        var rest = key[open..];
        while (rest.Length > 0)
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (rest[0] != '[' || close < 0)
            {
                return [key];
            }

            path.Add(rest[1..close]);
            rest = rest[(close + 1)..];
        }

        return path;
    }
}
