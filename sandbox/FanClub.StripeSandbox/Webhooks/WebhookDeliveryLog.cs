namespace FanClub.StripeSandbox.Webhooks;

/// <summary>Every delivery attempt in order, for tests and for debugging a webhook handler.</summary>
internal sealed class WebhookDeliveryLog
{
    private readonly Lock gate = new();
    private readonly List<WebhookDelivery> attempts = [];

    public void Add(WebhookDelivery attempt)
    {
        lock (gate)
        {
            attempts.Add(attempt);
        }
    }

    public IReadOnlyList<WebhookDelivery> All()
    {
        lock (gate)
        {
            return [.. attempts];
        }
    }
}
