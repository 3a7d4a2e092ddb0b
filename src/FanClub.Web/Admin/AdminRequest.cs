namespace FanClub.Web.Admin;

/// <summary>
/// An admin action already carried out: the key comes with the form (one per rendering), so a
/// double click or a re-sent POST finds its row and does nothing a second time. The key is also the
/// idempotency key of any Stripe call the action makes.
/// </summary>
public sealed class AdminRequest
{
    public const int KeyLength = 64;

    public string Key { get; set; } = string.Empty;

    public string Action { get; set; } = string.Empty;

    public DateTimeOffset At { get; set; }
}
