using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;

namespace FanClub.Web.Hosting;

/// <summary>
/// Public pages are the same for every anonymous visitor who reads the same language: cached in
/// the process, and marked so a CDN may keep them too. Signed-in pages are never cached
/// (the default output-cache policy skips authenticated requests).
/// </summary>
public static class PublicPageCache
{
    public const string Policy = "public-page";

    /// <summary>Browsers re-check after a minute; a CDN holds five and may serve stale while it refreshes.</summary>
    public const string CacheControl = "public, max-age=60, s-maxage=300, stale-while-revalidate=600";

    /// <param name="options">The output cache's options.</param>
    /// <param name="sharedStore">
    /// Whether the cache is shared by the nodes (Redis). Only then are concurrent requests for one page
    /// coalesced (the output cache's locking): a read is a round trip there. In a node's memory the
    /// coalescing costs more than it saves: 46,700 req/s for the home page with it, 56,300 without
    /// (the benchmark, 14,000 members). What it prevents is bounded: when the page expires, the
    /// requests that arrive during its render (about a millisecond) render it too, each reading the
    /// small tiers table once.
    /// </param>
    public static void AddPublicPagePolicy(OutputCacheOptions options, bool sharedStore)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(Policy, policy => policy
            .Expire(TimeSpan.FromSeconds(60))
            // By the language the request resolved to (Accept-Language or the language cookie), not by
            // the raw header: browsers send many spellings of the same choice, each a render and an entry.
            .VaryByValue(_ => new KeyValuePair<string, string>("culture", CultureInfo.CurrentUICulture.Name))
            .SetLocking(sharedStore)
            .Tag(Tiers.TierCatalog.CacheTag));
    }

    /// <summary>Sets the CDN-facing headers for an anonymous visitor; a signed-in page stays private.</summary>
    public static void ApplyHeaders(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        if (context.User.Identity?.IsAuthenticated == true)
        {
            return; // private, no-store: see SecurityHeaders
        }

        headers.CacheControl = CacheControl;
        headers.Vary = "Accept-Language, Cookie";
    }
}
