namespace FanClub.StripeSandbox.Infrastructure;

/// <summary>
/// What stands in front of every <c>/v1</c> call, as at Stripe: a <c>Request-Id</c>, injected
/// faults, the API key check, and Stripe's error JSON for anything that goes wrong. Hosted pages
/// get the same errors as a small HTML page.
/// </summary>
internal sealed partial class ApiGatewayMiddleware(RequestDelegate next, StripeSandboxOptions options, SandboxFaults faults, ILogger<ApiGatewayMiddleware> logger)
{
    public const string RequestIdItem = "stripe.request_id";

    public async Task InvokeAsync(HttpContext context)
    {
        var isApi = context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal);
        try
        {
            if (isApi)
            {
                var requestId = Ids.New("req", 14);
                context.Items[RequestIdItem] = requestId;
                context.Response.Headers["Request-Id"] = requestId;
                await ApplyFaultsAsync(context.RequestAborted);
                if (faults.TakeRule(context.Request.Method, context.Request.Path) is { } rule && await ApplyRuleAsync(rule, context))
                {
                    return;
                }

                Authenticate(context.Request);
            }

            await next(context);
        }
        catch (StripeApiException error) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            if (isApi)
            {
                await WriteErrorAsync(context, error);
            }
            else
            {
                await HtmlPage.Render("Something went wrong", HtmlPage.Error(error.Message), error.StatusCode).ExecuteAsync(context);
            }
        }
        catch (Exception bug) when (isApi && !context.Response.HasStarted && bug is not OperationCanceledException)
        {
            LogUnexpected(bug, context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await WriteErrorAsync(context, StripeApiException.ApiError(StatusCodes.Status500InternalServerError, "An unexpected error occurred in the Stripe sandbox: " + bug.Message));
        }
    }

    public static async Task WriteErrorAsync(HttpContext context, StripeApiException error)
    {
        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(error.ToJson().ToJsonString(StripeResults.Wire), context.RequestAborted);
    }

    private async Task ApplyFaultsAsync(CancellationToken aborted)
    {
        if (faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(faults.Latency, aborted);
        }

        if (faults.TakeTimeout())
        {
            // Never answer: the client's own timeout ends the request.
            await Task.Delay(Timeout.InfiniteTimeSpan, aborted);
        }

        if (faults.TakeFailure() is { } status)
        {
            throw StripeApiException.ApiError(status, "Injected failure (SandboxFaults).");
        }
    }

    /// <summary>Applies a per-path fault; true when the request is over (its connection dropped).</summary>
    private async Task<bool> ApplyRuleAsync(FaultRule rule, HttpContext context)
    {
        switch (rule.Kind)
        {
            case FaultKind.Delay:
                await Task.Delay(rule.Delay, context.RequestAborted);
                return false;
            case FaultKind.Timeout:
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
                return true;
            case FaultKind.Fail:
                throw StripeApiException.ApiError(rule.Status, "Injected failure (SandboxFaults).");
            case FaultKind.DropBefore:
                context.Abort();
                return true;
            case FaultKind.DropAfter:
                // Do the work, keep the answer to ourselves, then hang up.
                var original = context.Response.Body;
                context.Response.Body = Stream.Null;
                try
                {
                    Authenticate(context.Request);
                    await next(context);
                }
                finally
                {
                    context.Response.Body = original;
                }

                context.Abort();
                return true;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule.Kind, "Unknown fault.");
        }
    }

    private void Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            throw StripeApiException.Unauthenticated(
                "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
        }

        var key = header["Bearer ".Length..].Trim();
        var accepted = options.ApiKeys is { Count: > 0 } keys
            ? keys.Contains(key, StringComparer.Ordinal)
            : key.StartsWith("sk_test_", StringComparison.Ordinal) || key.StartsWith("rk_test_", StringComparison.Ordinal);
        if (!accepted)
        {
            var hint = key.Length > 4 ? key[^4..] : key;
            throw StripeApiException.Unauthenticated($"Invalid API Key provided: {key[..Math.Min(8, key.Length)]}****{hint}");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error handling {Method} {Path}")]
    private partial void LogUnexpected(Exception exception, string method, string path);
}
