using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using FanClub.Domain.Partners;
using FanClub.Web.Hosting;
using FanClub.Web.Localization;
using FanClub.Web.Partners;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Streams;

/// <summary>
/// What a player asks with: the id its page load generated, the same for every renewal. A settable
/// property rather than a positional record: the generated reader then sets it on a new object instead
/// of gathering constructor arguments in an array first.
/// </summary>
public sealed class StreamTokenRequest
{
    public string? SessionId { get; set; }

    /// <summary>Far more than <c>{"sessionId":"…"}</c> with 64 characters ever needs.</summary>
    internal const int MaxBodyBytes = 1024;

    /// <summary>
    /// The body, read whole and parsed in one go by the generated code (the minimal APIs' binder reads it
    /// through an asynchronous serializer: 5 % of minting's time in its profile). No body is no request;
    /// anything but a small JSON object is an error for a validation answer.
    /// </summary>
    internal static async ValueTask<(StreamTokenRequest? Request, string? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength == 0)
        {
            return (null, null);
        }

        if (!request.HasJsonContentType())
        {
            return (null, "Send {\"sessionId\": \"...\"} as JSON (Content-Type: application/json).");
        }

        var read = await request.BodyReader.ReadAtLeastAsync(MaxBodyBytes + 1, ct);
        try
        {
            if (read.Buffer.Length > MaxBodyBytes)
            {
                return (null, $"The body is larger than {MaxBodyBytes} bytes.");
            }

            if (read.Buffer.IsEmpty)
            {
                return (null, null);
            }

            var json = new Utf8JsonReader(read.Buffer);
            return (JsonSerializer.Deserialize(ref json, HotPathJson.Default.StreamTokenRequest), null);
        }
        catch (JsonException)
        {
            return (null, "The body is not a JSON object like {\"sessionId\": \"...\"}.");
        }
        finally
        {
            request.BodyReader.AdvanceTo(read.Buffer.End);
        }
    }
}

/// <summary>
/// A signed playlist URL for one stream. <paramref name="Query"/> is what the player appends to
/// every playlist and segment request; <paramref name="RenewAfterSeconds"/> says when to ask again,
/// well before <paramref name="ExpiresAt"/>, so a renewal can fail once and still be retried in time.
/// </summary>
public sealed record StreamTokenResponse(string PlaylistUrl, string Query, DateTimeOffset ExpiresAt, int RenewAfterSeconds);

/// <summary>
/// <c>POST /api/me/streams/{streamId}/token</c>: the nginx <c>secure_link</c> token for the stream's
/// directory, given only while the member holds the stream's key and stays within the
/// concurrent-stream limit; <c>POST /api/me/streams/sessions/{sessionId}/end</c> frees the slot of
/// a closed player. A forged cross-site POST could mint a token but never read it, so no
/// anti-forgery token is needed (as for the partner JWTs).
/// </summary>
public static partial class StreamTokenApi
{
    public static IEndpointRouteBuilder MapStreamTokens(this IEndpointRouteBuilder endpoints)
    {
        var me = endpoints.MapGroup("/api/me/streams").RequireAuthorization().DisableAntiforgery();
        me.MapPost("/{streamId}/token", IssueAsync);
        me.MapPost("/sessions/{sessionId}/end", EndAsync);
        return endpoints;
    }

    private static async Task<Results<HotPathOk<StreamTokenResponse>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        string streamId, ClaimsPrincipal user, PartnerCatalog catalog, IEntitlementQuery reader,
        IStreamSessionRegistry sessions, HttpContext context, CancellationToken ct)
    {
        // Texts only for a refusal: a renewal that succeeds (nearly all of them) resolves no localizer.
        IStringLocalizer<SharedResource> Text() => context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        context.Response.Headers.CacheControl = "no-store";
        var delivery = context.RequestServices.GetService<IStreamDelivery>();
        var stream = delivery is null ? null : catalog.FindResource(delivery.PartnerId, streamId);
        if (delivery is null || stream is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Text()["Watch.Unknown.Title"],
                detail: Text()["Watch.Unknown.Detail"]);
        }

        var (request, bodyError) = await StreamTokenRequest.ReadAsync(context.Request, ct);
        if (bodyError is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [bodyError] });
        }

        if (request?.SessionId is not { } sessionId || !SessionIdPattern().IsMatch(sessionId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["sessionId"] = ["16 to 64 of A-Z, a-z, 0-9, '-' and '_', generated once per player."],
            });
        }

        var memberId = Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
        var entitlements = await reader.GetAsync(memberId, ct);
        if (entitlements.Banned || !entitlements.Has(stream.RequiredKey))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Text()["Watch.NotEntitled.Title"],
                detail: Text()["Watch.NotEntitled.Detail"]);
        }

        var outcome = await sessions.StartOrRenewAsync(memberId, sessionId, delivery.MaxConcurrentStreams, ct);
        if (outcome == StreamSessionOutcome.LimitReached)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Text()["Watch.Limit.Title"],
                detail: Text()["Watch.Limit.Detail", delivery.MaxConcurrentStreams],
                extensions: new Dictionary<string, object?> { ["maxConcurrentStreams"] = delivery.MaxConcurrentStreams });
        }

        // Resolved only now: a host without an nginx secret still serves the 403/404 answers above.
        var issued = context.RequestServices.GetRequiredService<StreamLinks>().For(delivery, stream.Id);
        return new HotPathOk<StreamTokenResponse>(issued.Response, issued.Json);
    }

    private static async Task<NoContent> EndAsync(string sessionId, ClaimsPrincipal user, IStreamSessionRegistry sessions, CancellationToken ct)
    {
        if (SessionIdPattern().IsMatch(sessionId))
        {
            await sessions.EndAsync(Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!), sessionId, ct);
        }

        return TypedResults.NoContent();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{16,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionIdPattern();
}
