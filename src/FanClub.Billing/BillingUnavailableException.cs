namespace FanClub.Billing;

/// <summary>
/// Stripe could not be read while applying a change. Thrown (not returned) on purpose: the
/// transaction rolls back and the webhook answers 500, so Stripe delivers the event again later.
/// </summary>
public sealed class BillingUnavailableException(string message) : Exception(message);
