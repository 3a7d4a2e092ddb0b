using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stripe;

namespace FanClub.StripeSandbox.Tests.Support;

/// <summary>
/// A tiny webhook endpoint like the one FanClub will have: it verifies every delivery with
/// Stripe.net's <see cref="EventUtility.ConstructEvent(string, string, string, long, bool)"/> and keeps the events.
/// It can be told to answer 500 to the next deliveries, to exercise retries.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string secret;
    private readonly ConcurrentQueue<Event> events = new();
    private readonly ConcurrentQueue<string> rejections = new();
    private int failuresLeft;
    private int requestCount;

    private WebhookReceiver(WebApplication app, string secret)
    {
        this.app = app;
        this.secret = secret;
    }

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<Event> Events => [.. events];

    /// <summary>Deliveries whose signature or body Stripe.net refused; a passing test expects none.</summary>
    public IReadOnlyList<string> Rejections => [.. rejections];

    public int RequestCount => Volatile.Read(ref requestCount);

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret);
        app.MapPost("/stripe/webhook", receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Endpoint = new Uri(new Uri(address), "/stripe/webhook");
        return receiver;
    }

    public void FailNext(int count) => Interlocked.Exchange(ref failuresLeft, count);

    public async Task<Event> WaitForAsync(string type, Func<Event, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var found = events.FirstOrDefault(e => e.Type == type && (match is null || match(e)));
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No '{type}' event arrived. Received: {string.Join(", ", events.Select(e => e.Type))}. Rejected: {string.Join(" | ", rejections)}");
    }

    /// <summary>Waits until <paramref name="type"/> has arrived <paramref name="count"/> times (matching <paramref name="match"/>).</summary>
    public async Task<IReadOnlyList<Event>> WaitForCountAsync(string type, int count, Func<Event, bool>? match = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var found = events.Where(e => e.Type == type && (match is null || match(e))).ToList();
            if (found.Count >= count || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        Interlocked.Increment(ref requestCount);
        if (TakeFailure())
        {
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }

        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync();
        try
        {
            events.Enqueue(EventUtility.ConstructEvent(json, request.Headers["Stripe-Signature"], secret, tolerance: 300));
            return Results.Ok();
        }
        catch (StripeException refused)
        {
            rejections.Enqueue(refused.Message);
            return Results.BadRequest();
        }
    }

    private bool TakeFailure()
    {
        while (true)
        {
            var left = Volatile.Read(ref failuresLeft);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref failuresLeft, left - 1, left) == left)
            {
                return true;
            }
        }
    }
}
