using FanClub.Billing.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace FanClub.EndToEnd.Tests;

/// <summary>
/// A door in front of the site's Stripe webhook endpoint. Stripe promises no delivery time, so a
/// page that must tell the truth "while the webhook is on its way" can only be seen reliably by
/// holding the webhooks: while held, deliveries wait at the door (the sandbox sends one at a time,
/// so later ones queue behind); once released, they go through untouched.
/// </summary>
public sealed class WebhookGate : IStartupFilter
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _open = Opened();

    /// <summary>Deliveries from now on wait until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_lock)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Lets the waiting deliveries, and every later one, through.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Path.StartsWithSegments(StripeWebhookEndpoint.Path, StringComparison.OrdinalIgnoreCase))
            {
                Task open;
                lock (_lock)
                {
                    open = _open.Task;
                }

                // The sandbox gives up on a delivery after its timeout and retries it later.
                await open.WaitAsync(context.RequestAborted);
            }

            await nextMiddleware(context);
        });
        next(app);
    };

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
