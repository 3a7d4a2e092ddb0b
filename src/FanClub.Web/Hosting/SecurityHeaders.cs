using FanClub.Billing.Configuration;
using FanClub.Domain.Partners;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Hosting;

/// <summary>
/// Headers every response carries. The CSP allows no inline script or style: pages use only
/// files from this site, which is also what lets a CDN cache them safely.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Where Stripe serves Checkout and the customer portal.</summary>
    private const string StripeHostedPages = "https://checkout.stripe.com https://billing.stripe.com";

    /// <summary>
    /// The policy for this site. Subscribing, buying a pass and opening the portal post to this
    /// site, which redirects to a Stripe hosted page; browsers hold that redirect to
    /// <c>form-action</c> too, so the pages' origins are listed: Stripe's, and the configured API
    /// base's (the sandbox serves its hosted pages from there).
    /// The HLS player fetches playlists and segments from the stream edge (<paramref name="streamEdge"/>,
    /// when it is not this site) and plays them through a MediaSource, whose media URLs are <c>blob:</c>.
    /// </summary>
    public static string ContentSecurityPolicy(StripeOptions stripe, Uri? streamEdge = null)
    {
        ArgumentNullException.ThrowIfNull(stripe);
        var paymentPages = stripe.ApiBase is { } apiBase ? $"{StripeHostedPages} {apiBase.GetLeftPart(UriPartial.Authority)}" : StripeHostedPages;
        var connect = streamEdge is null ? "'self'" : $"'self' {streamEdge.GetLeftPart(UriPartial.Authority)}";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; media-src 'self' blob:; " +
            $"connect-src {connect}; form-action 'self' {paymentPages}; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
    }

    /// <summary>
    /// Every answer to a signed-in member that says nothing else is "private, no-store". Anti-forgery
    /// marks every page it puts a token on "no-cache, no-store" (every signed-in page has one: the
    /// header's log-out button) and logs a warning, per request, if a page set anything without
    /// no-cache first; so pages set nothing and this says it once the response starts.
    /// </summary>
    private static Task KeepSignedInPagesPrivate(object state)
    {
        var context = (HttpContext)state;
        var cacheControl = context.Response.Headers.CacheControl;
        if (context.User.Identity?.IsAuthenticated == true && (cacheControl.Count == 0 || cacheControl == "no-cache, no-store"))
        {
            context.Response.Headers.CacheControl = "private, no-store";
        }

        return Task.CompletedTask;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var policy = ContentSecurityPolicy(app.ApplicationServices.GetRequiredService<IOptions<StripeOptions>>().Value,
            app.ApplicationServices.GetService<IStreamDelivery>()?.EdgeBaseUrl);
        return app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(self)";
            context.Response.OnStarting(KeepSignedInPagesPrivate, context);
            return next(context);
        });
    }
}
