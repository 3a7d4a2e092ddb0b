using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FanClub.StripeSandbox.Infrastructure;

/// <summary>JSON responses in Stripe's format.</summary>
internal static class StripeResults
{
    /// <summary>Like Stripe, leave quotes and accented names readable instead of \u-escaping them.</summary>
    public static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Json(JsonNode body, int statusCode = StatusCodes.Status200OK) =>
        Results.Text(body.ToJsonString(Wire), "application/json", statusCode: statusCode);
}
