using FanClub.Billing.Checkout;
using Microsoft.AspNetCore.Mvc;

namespace FanClub.Web.Billing;

public static class CheckoutReturns
{
    /// <summary>Where Stripe sends the fan back: the success page (with Stripe's session-id placeholder) or the cancelled page.</summary>
    public static CheckoutReturn For(IUrlHelper url, string scheme)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new CheckoutReturn(
            new Uri(url.Page("/Billing/Success", null, null, scheme)! + "?session_id={CHECKOUT_SESSION_ID}"),
            new Uri(url.Page("/Billing/Cancelled", null, null, scheme)!));
    }
}
