using System.Collections.Concurrent;
using System.Text;

namespace FanClub.StripeSandbox.Infrastructure;

/// <summary>
/// Stripe's idempotent requests: a POST with an <c>Idempotency-Key</c> seen before replays the
/// saved response when the parameters match, and is refused with an <c>idempotency_error</c>
/// when they differ. A request still running under the same key gets a 409, as at Stripe.
/// Keys are scoped to the API key and kept in memory for the life of the process.
/// </summary>
internal sealed class IdempotencyMiddleware(RequestDelegate next)
{
    private readonly ConcurrentDictionary<string, SavedResponse?> saved = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (!HttpMethods.IsPost(context.Request.Method) || key.Length == 0)
        {
            await next(context);
            return;
        }

        var scope = $"{context.Request.Headers.Authorization}\n{key}";
        var fingerprint = await FingerprintAsync(context.Request);
        if (!saved.TryAdd(scope, null))
        {
            var previous = saved[scope] ?? throw StripeApiException.IdempotencyConflict(key);
            if (previous.Fingerprint != fingerprint)
            {
                throw StripeApiException.IdempotencyMismatch(key);
            }

            context.Response.StatusCode = previous.StatusCode;
            context.Response.ContentType = "application/json";
            context.Response.Headers["Idempotent-Replayed"] = "true";
            await context.Response.Body.WriteAsync(previous.Body, context.RequestAborted);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch (StripeApiException error)
        {
            // Stripe keeps 4xx answers too: the same request with the same key fails the same way.
            await ApiGatewayMiddleware.WriteErrorAsync(context, error);
        }
        catch
        {
            saved.TryRemove(scope, out _);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        var body = buffer.ToArray();
        if (context.Response.StatusCode >= 500)
        {
            // Stripe does not keep server errors: the client may retry with the same key.
            saved.TryRemove(scope, out _);
        }
        else
        {
            saved[scope] = new SavedResponse(fingerprint, context.Response.StatusCode, body);
        }

        await original.WriteAsync(body, context.RequestAborted);
    }

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        var parameters = body.Split('&', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        return $"{request.Path}?{request.QueryString}\n{string.Join('&', parameters)}";
    }

    private sealed record SavedResponse(string Fingerprint, int StatusCode, byte[] Body);
}
