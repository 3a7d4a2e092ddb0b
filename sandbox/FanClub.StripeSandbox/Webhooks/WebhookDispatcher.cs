using System.Text;

namespace FanClub.StripeSandbox.Webhooks;

/// <summary>
/// Sends queued events one at a time in the order they were queued, signed like Stripe does.
/// A non-2xx answer or a timeout schedules another attempt after the next configured delay;
/// after the last one the event is given up on and logged. Retries re-enter the queue behind
/// newer events, so, as at Stripe, delivery order across events is not guaranteed.
/// </summary>
internal sealed partial class WebhookDispatcher(
    WebhookQueue queue,
    WebhookDeliveryLog log,
    IHttpClientFactory httpClients,
    StripeSandboxOptions options,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    // Signatures carry real time, not sandbox time: Stripe.net checks them against the
    // receiver's wall clock (tolerance 300 s), and the sandbox clock may be months ahead.
    private readonly TimeProvider wallClock = TimeProvider.System;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var delivery in queue.Reader.ReadAllAsync(stoppingToken))
        {
            await SendAsync(delivery, stoppingToken);
        }
    }

    private async Task SendAsync(PendingDelivery delivery, CancellationToken stoppingToken)
    {
        var (status, error) = await PostAsync(delivery, stoppingToken);
        var succeeded = status is >= 200 and < 300;
        var delays = options.EffectiveWebhookRetryDelays;
        TimeSpan? retryIn = !succeeded && delivery.Attempt <= delays.Count ? delays[delivery.Attempt - 1] : null;
        var now = wallClock.GetUtcNow();
        log.Add(new WebhookDelivery(delivery.EventId, delivery.EventType, delivery.Endpoint, delivery.Attempt, status, error, succeeded, now, now + retryIn));

        if (retryIn is { } delay)
        {
            _ = RetryLaterAsync(delivery with { Attempt = delivery.Attempt + 1 }, delay, stoppingToken);
        }
        else if (succeeded)
        {
            LogDelivered(delivery.EventId, delivery.EventType, delivery.Endpoint, delivery.Attempt);
        }
        else
        {
            LogGaveUp(delivery.EventId, delivery.EventType, delivery.Endpoint, delivery.Attempt);
        }

        if (retryIn is not null)
        {
            LogRetrying(delivery.EventId, delivery.EventType, delivery.Endpoint, error, retryIn.Value);
        }
    }

    private async Task<(int? Status, string? Error)> PostAsync(PendingDelivery delivery, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.WebhookTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Endpoint)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", WebhookSignature.Header(delivery.Payload, options.WebhookSecret, wallClock.GetUtcNow()));
        request.Headers.UserAgent.ParseAdd("Stripe/1.0 (+https://stripe.com/docs/webhooks)");
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            return ((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (null, $"No answer within {options.WebhookTimeout.TotalSeconds} s");
        }
        catch (HttpRequestException failure)
        {
            return (null, failure.Message);
        }
    }

    private async Task RetryLaterAsync(PendingDelivery delivery, TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, wallClock, stoppingToken);
            queue.Enqueue(delivery);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: pending retries are dropped, as a stopped Stripe account would.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered {EventId} ({EventType}) to {Endpoint} on attempt {Attempt}")]
    private partial void LogDelivered(string eventId, string eventType, Uri endpoint, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivering {EventId} ({EventType}) to {Endpoint} failed ({Error}); retrying in {Delay}")]
    private partial void LogRetrying(string eventId, string eventType, Uri endpoint, string? error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up delivering {EventId} ({EventType}) to {Endpoint} after {Attempts} attempts")]
    private partial void LogGaveUp(string eventId, string eventType, Uri endpoint, int attempts);
}
