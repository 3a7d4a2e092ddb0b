using System.Text.Json.Nodes;

namespace FanClub.StripeSandbox.Infrastructure;

/// <summary>
/// An error exactly as Stripe reports it: HTTP status plus the fields of the <c>error</c>
/// object. Thrown where a request cannot go on and turned into JSON at the edge
/// (<see cref="ApiGatewayMiddleware"/>), which keeps every handler free of error plumbing:
/// in a fake API the error is the expected output, not a bug.
/// </summary>
internal sealed class StripeApiException : Exception
{
    private StripeApiException(int statusCode, string type, string message, string? code, string? param, string? declineCode = null)
        : base(message)
    {
        StatusCode = statusCode;
        Type = type;
        Code = code;
        Param = param;
        DeclineCode = declineCode;
    }

    public int StatusCode { get; }

    public string Type { get; }

    public string? Code { get; }

    public string? Param { get; }

    public string? DeclineCode { get; }

    public static StripeApiException ResourceMissing(string objectName, string id, string param = "id") =>
        new(StatusCodes.Status404NotFound, "invalid_request_error", $"No such {objectName}: '{id}'", "resource_missing", param);

    public static StripeApiException MissingParam(string param) =>
        new(StatusCodes.Status400BadRequest, "invalid_request_error", $"Missing required param: {param}.", "parameter_missing", param);

    public static StripeApiException InvalidParam(string param, string message) =>
        new(StatusCodes.Status400BadRequest, "invalid_request_error", message, "parameter_invalid", param);

    public static StripeApiException InvalidRequest(string message, string? param = null) =>
        new(StatusCodes.Status400BadRequest, "invalid_request_error", message, null, param);

    public static StripeApiException UnknownUrl(string method, string path) =>
        new(StatusCodes.Status404NotFound, "invalid_request_error", $"Unrecognized request URL ({method}: {path}).", null, null);

    public static StripeApiException Unauthenticated(string message) =>
        new(StatusCodes.Status401Unauthorized, "invalid_request_error", message, null, null);

    public static StripeApiException IdempotencyMismatch(string key) =>
        new(StatusCodes.Status400BadRequest, "idempotency_error",
            $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.",
            null, null);

    public static StripeApiException IdempotencyConflict(string key) =>
        new(StatusCodes.Status409Conflict, "idempotency_error",
            $"There is currently another in-progress request using this Stripe-Idempotency-Key '{key}'.", null, null);

    public static StripeApiException CardDeclined(string declineCode, string message, string code = "card_declined") =>
        new(StatusCodes.Status402PaymentRequired, "card_error", message, code, null, declineCode);

    public static StripeApiException ApiError(int statusCode, string message) =>
        new(statusCode, "api_error", message, null, null);

    public JsonObject ToJson()
    {
        var error = new JsonObject
        {
            ["type"] = Type,
            ["code"] = Code,
            ["message"] = Message,
            ["param"] = Param,
        };
        if (DeclineCode is not null)
        {
            error["decline_code"] = DeclineCode;
        }

        return new JsonObject { ["error"] = error };
    }
}
