using FanClub.Billing.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stripe;

namespace FanClub.Billing.Webhooks;

/// <summary>
/// <c>POST /webhooks/stripe</c>. Verifies the signature (5-minute tolerance), refuses events from
/// the wrong mode or an API version FanClub was not built for, then applies the event. 2xx means
/// "applied or deliberately ignored"; 4xx means "never send this again"; 5xx means "try later".
/// </summary>
public static partial class StripeWebhookEndpoint
{
    public const string Path = "/webhooks/stripe";
    private const long ToleranceSeconds = 300;

    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, HandleAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(
        HttpRequest request, WebhookProcessor processor, IOptions<StripeOptions> options, TimeProvider clock,
        IHostApplicationLifetime lifetime, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(StripeWebhookEndpoint).FullName!);
        var settings = options.Value;
        if (!settings.Enabled || string.IsNullOrEmpty(settings.WebhookSecret))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Payments are not configured.");
        }

        string json;
        using (var reader = new StreamReader(request.Body))
        {
            json = await reader.ReadToEndAsync(ct);
        }

        var refused = StripeSignature.Check(json, request.Headers["Stripe-Signature"].ToString(), settings.WebhookSecret, clock.GetUtcNow(), TimeSpan.FromSeconds(ToleranceSeconds));
        if (refused is not null)
        {
            LogRejected(logger, "signature", refused);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid Stripe signature.", detail: refused);
        }

        var stripeEvent = StripeEventEnvelope.TryRead(json, out var unreadable);
        if (stripeEvent is null)
        {
            LogRejected(logger, "payload", unreadable!);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable Stripe event.", detail: unreadable);
        }

        if (stripeEvent.NeedsFullPayload)
        {
            try
            {
                stripeEvent.ParseFull();
            }
            // Signed but unreadable (a bug or a compromised secret): Stripe.net throws whatever its JSON
            // readers throw on it. A 400, never a 500: retrying the same bytes can never succeed.
            catch (Exception e) when (e is StripeException or Newtonsoft.Json.JsonException or System.Text.Json.JsonException
                or InvalidOperationException or FormatException or ArgumentException or InvalidCastException or OverflowException)
            {
                LogRejected(logger, "payload", e.Message);
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable Stripe event.", detail: e.Message);
            }
        }

        if (stripeEvent.ApiVersion != StripeConfiguration.ApiVersion)
        {
            LogRejected(logger, "api_version", $"{stripeEvent.Id} has API version {stripeEvent.ApiVersion}, expected {StripeConfiguration.ApiVersion}");
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unsupported Stripe API version.",
                detail: $"This endpoint reads API version {StripeConfiguration.ApiVersion}.");
        }

        if (stripeEvent.Livemode != (settings.Mode == PaymentMode.Live))
        {
            LogRejected(logger, "livemode", $"{stripeEvent.Id} livemode={stripeEvent.Livemode} while FanClub runs in {settings.Mode} mode");
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Event from the wrong Stripe mode.");
        }

        try
        {
            // Once verified, the event is applied even if Stripe stops waiting for the answer: cancelling
            // would throw the work away (and its Stripe reads) only for the redelivery to do it all again,
            // which is how an overloaded endpoint falls further behind. Only shutting down stops it.
            var outcome = await processor.ProcessAsync(stripeEvent, lifetime.ApplicationStopping);
            return Results.Ok(new { received = true, outcome = outcome.ToString() });
        }
        catch (BillingUnavailableException e)
        {
            LogDeferred(logger, stripeEvent.Id, e.Message);
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Try again later.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe webhook rejected ({Reason}): {Detail}")]
    private static partial void LogRejected(ILogger logger, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {EventId} deferred: {Reason}")]
    private static partial void LogDeferred(ILogger logger, string eventId, string reason);
}
