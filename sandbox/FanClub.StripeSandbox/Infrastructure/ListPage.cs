using System.Text.Json.Nodes;

namespace FanClub.StripeSandbox.Infrastructure;

/// <summary>
/// Stripe's cursor pagination: newest first, <c>limit</c> (1–100, default 10),
/// <c>starting_after</c> / <c>ending_before</c> an id from a previous page, and <c>has_more</c>.
/// </summary>
internal static class ListPage
{
    public static JsonObject Build(IEnumerable<JsonObject> newestFirst, StripeParams query, string url, Func<JsonObject, JsonObject>? render = null)
    {
        var limit = query.Long("limit") ?? 10;
        if (limit is < 1 or > 100)
        {
            throw StripeApiException.InvalidParam("limit", "This value must be between 1 and 100.");
        }

        var all = newestFirst.ToList();
        List<JsonObject> page;
        bool hasMore;
        if (query.String("ending_before") is { Length: > 0 } before)
        {
            // Paging backwards: the items just newer than the cursor; "more" means newer still.
            var newer = all.Take(IndexOf(all, before, "ending_before")).ToList();
            page = newer.TakeLast((int)limit).ToList();
            hasMore = newer.Count > limit;
        }
        else
        {
            var older = query.String("starting_after") is { Length: > 0 } after
                ? all.Skip(IndexOf(all, after, "starting_after") + 1)
                : all;
            var window = older.Take((int)limit + 1).ToList();
            page = window.Take((int)limit).ToList();
            hasMore = window.Count > limit;
        }

        var data = new JsonArray();
        foreach (var item in page)
        {
            data.Add(render is null ? item.Clone() : render(item));
        }

        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["has_more"] = hasMore,
            ["url"] = url,
        };
    }

    /// <summary>Filters for Stripe's <c>created[gte]</c>-style range parameters.</summary>
    public static IEnumerable<JsonObject> CreatedWithin(this IEnumerable<JsonObject> items, StripeParams query)
    {
        if (query.Long("created") is { } exact)
        {
            return items.Where(i => i.Long("created") == exact);
        }

        var range = query.Object("created");
        if (range is null)
        {
            return items;
        }

        var gt = range.Long("gt");
        var gte = range.Long("gte");
        var lt = range.Long("lt");
        var lte = range.Long("lte");
        return items.Where(i =>
        {
            var created = i.Long("created");
            return (gt is null || created > gt) && (gte is null || created >= gte)
                && (lt is null || created < lt) && (lte is null || created <= lte);
        });
    }

    private static int IndexOf(List<JsonObject> all, string id, string param)
    {
        var index = all.FindIndex(i => i.Str("id") == id);
        return index >= 0 ? index : throw StripeApiException.ResourceMissing("object", id, param);
    }
}
