using FanClub.Domain.Common;
using FanClub.Web.Billing;
using FanClub.Web.Localization;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Admin;

/// <summary>An admin use case's failure in the admin's language; billing and Stripe failures read as billing explains them.</summary>
public static class AdminMessages
{
    public static string For(Failure failure, IStringLocalizer<SharedResource> text)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(text);
        var localized = text["AdminErrors." + failure.Code];
        return localized.ResourceNotFound ? BillingMessages.For(failure, text) : localized.Value;
    }
}
