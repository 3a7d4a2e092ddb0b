using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FanClub.Web.Partners.Tokens;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Streams;

/// <summary>
/// <c>GET /live/{stream}/{file}</c> served by the host itself, with the same check and the same
/// answers as nginx's <c>secure_link</c> configuration in docs/partners.md (403 missing or forged,
/// 410 expired), so <c>./fanclub run</c> plays the demo stream without an nginx. Mapped only when
/// <c>Streams:LocalEdgeRoot</c> names a folder (<c>&lt;root&gt;/&lt;stream&gt;/index.m3u8</c> and segments);
/// production puts a real edge in front of the files instead.
/// </summary>
public static partial class LocalEdge
{
    public const string RootSetting = "Streams:LocalEdgeRoot";

    public static IEndpointRouteBuilder MapLocalEdge(this IEndpointRouteBuilder endpoints)
    {
        var configured = endpoints.ServiceProvider.GetRequiredService<IConfiguration>()[RootSetting];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return endpoints;
        }

        var root = Path.GetFullPath(configured, endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>().ContentRootPath);
        endpoints.MapGet("/live/{streamId}/{file}", (string streamId, string file, HttpContext context, IOptions<PartnerTokenOptions> options, TimeProvider clock) =>
            {
                // Names only; nothing that could climb out of the root.
                if (!StreamIdPattern().IsMatch(streamId) || !FilePattern().IsMatch(file))
                {
                    return Results.NotFound();
                }

                var check = Check(options.Value.NginxSecret, $"/live/{streamId}/", context.Request.Query["md5"], context.Request.Query["expires"], clock.GetUtcNow());
                if (check != StatusCodes.Status200OK)
                {
                    return Results.StatusCode(check);
                }

                var path = Path.Combine(root, streamId, file);
                if (!File.Exists(path))
                {
                    return Results.NotFound();
                }

                context.Response.Headers.CacheControl = "no-store";
                return Results.File(path, file.EndsWith(".m3u8", StringComparison.Ordinal) ? "application/vnd.apple.mpegurl" : "video/mp2t");
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>nginx's decision for <c>secure_link $arg_md5,$arg_expires</c>: 200, 403 (no or wrong token) or 410 (expired).</summary>
    public static int Check(string? secret, string prefix, string? md5, string? expires, DateTimeOffset now)
    {
        if (secret is null || string.IsNullOrEmpty(md5)
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt))
        {
            return StatusCodes.Status403Forbidden;
        }

        var expected = Encoding.ASCII.GetBytes(NginxSecureLink.ComputeHash(expiresAt, prefix, secret));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(md5)))
        {
            return StatusCodes.Status403Forbidden;
        }

        return expiresAt < now.ToUnixTimeSeconds() ? StatusCodes.Status410Gone : StatusCodes.Status200OK;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex StreamIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\.(m3u8|ts)$", RegexOptions.CultureInvariant)]
    private static partial Regex FilePattern();
}
