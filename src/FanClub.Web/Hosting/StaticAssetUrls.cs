using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace FanClub.Web.Hosting;

/// <summary>
/// The URL a page links for a static asset: the fingerprinted one <c>MapStaticAssets</c> serves as
/// immutable (<c>css/site.css</c> becomes <c>/css/site.{hash}.css</c>), or the file's path with a
/// version query where it serves none. What <c>asp-append-version</c> writes, resolved once per asset
/// for the process: the shared layout wraps every signed-in page, and its two tag helpers cost the
/// members page a tenth of its time in the profile.
/// </summary>
public sealed class StaticAssetUrls
{
    private readonly ConcurrentDictionary<string, string> _urls = new(StringComparer.Ordinal);

    /// <param name="context">The request, for the page endpoint's asset collection on the first call.</param>
    /// <param name="path">The asset's path in the web root, without a leading slash: <c>css/site.css</c>.</param>
    public string For(HttpContext context, string path) =>
        _urls.GetOrAdd(path, static (asset, request) => Resolve(request, asset), context);

    private static string Resolve(HttpContext context, string path)
    {
        // The collection answers the key itself for an asset it does not fingerprint.
        var url = context.GetEndpoint()?.Metadata.GetMetadata<ResourceAssetCollection>()?[path] ?? path;
        if (url != path)
        {
            return "/" + url;
        }

        return context.RequestServices.GetRequiredService<IFileVersionProvider>().AddFileVersionToPath(context.Request.PathBase, "/" + path);
    }
}
