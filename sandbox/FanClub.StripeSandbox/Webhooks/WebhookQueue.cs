using System.Threading.Channels;

namespace FanClub.StripeSandbox.Webhooks;

/// <summary>A delivery waiting to be sent; <see cref="Payload"/> is the exact body that gets signed.</summary>
internal sealed record PendingDelivery(string EventId, string EventType, string Payload, Uri Endpoint, int Attempt);

/// <summary>Deliveries waiting for <see cref="WebhookDispatcher"/>; writing never blocks an API call.</summary>
internal sealed class WebhookQueue
{
    private readonly Channel<PendingDelivery> channel = Channel.CreateUnbounded<PendingDelivery>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<PendingDelivery> Reader => channel.Reader;

    public void Enqueue(PendingDelivery delivery) => channel.Writer.TryWrite(delivery);
}
