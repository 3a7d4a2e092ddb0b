using FanClub.Domain.Common;
using FanClub.Web.Localization;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Billing;

/// <summary>Billing failures in the member's language; anything from Stripe itself becomes "try again".</summary>
public static class BillingMessages
{
    public static string For(Failure failure, IStringLocalizer<SharedResource> text)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(text);
        var key = "Billing.Error." + failure.Code;
        var localized = text[key];
        return localized.ResourceNotFound ? text["Billing.Error.TryAgain"] : localized.Value;
    }
}
