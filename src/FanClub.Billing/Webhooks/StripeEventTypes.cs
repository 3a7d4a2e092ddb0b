namespace FanClub.Billing.Webhooks;

/// <summary>The Stripe event types FanClub acts on. Anything else is acknowledged and ignored.</summary>
public static class StripeEventTypes
{
    public const string CheckoutCompleted = "checkout.session.completed";
    public const string CheckoutAsyncSucceeded = "checkout.session.async_payment_succeeded";
    public const string CheckoutAsyncFailed = "checkout.session.async_payment_failed";
    public const string CheckoutExpired = "checkout.session.expired";
    public const string SubscriptionCreated = "customer.subscription.created";
    public const string SubscriptionUpdated = "customer.subscription.updated";
    public const string SubscriptionDeleted = "customer.subscription.deleted";
    public const string SubscriptionPaused = "customer.subscription.paused";
    public const string SubscriptionResumed = "customer.subscription.resumed";
    public const string SubscriptionTrialWillEnd = "customer.subscription.trial_will_end";
    public const string InvoicePaid = "invoice.paid";
    public const string InvoicePaymentFailed = "invoice.payment_failed";
    public const string InvoicePaymentActionRequired = "invoice.payment_action_required";
    public const string InvoiceUpcoming = "invoice.upcoming";
    public const string ChargeRefunded = "charge.refunded";
    public const string DisputeCreated = "charge.dispute.created";
}
