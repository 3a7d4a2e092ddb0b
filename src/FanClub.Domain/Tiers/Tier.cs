using FanClub.Domain.Common;

namespace FanClub.Domain.Tiers;

/// <summary>
/// A membership level fans can buy: its prices, its optional trial, and the entitlement keys it grants.
/// Tiers are archived, never deleted, because past subscriptions and invoices still point at them.
/// </summary>
public sealed class Tier
{
    private Tier()
    {
        Slug = string.Empty;
        Name = null!;
        Description = null!;
        MonthlyPrice = null!;
        YearlyPrice = null!;
        Entitlements = [];
    }

    private Tier(Guid id, string slug, LocalizedText name, LocalizedText description, Money monthly, Money yearly,
        int trialDays, int sortOrder, IEnumerable<EntitlementKey> entitlements)
    {
        Id = id;
        Slug = slug;
        Name = name;
        Description = description;
        MonthlyPrice = monthly;
        YearlyPrice = yearly;
        TrialDays = trialDays;
        SortOrder = sortOrder;
        Entitlements = [.. entitlements.Distinct()];
    }

    public Guid Id { get; private set; }

    /// <summary>Stable, URL-safe identifier (<c>gold</c>), used in links and Stripe metadata.</summary>
    public string Slug { get; private set; }

    public LocalizedText Name { get; private set; }

    public LocalizedText Description { get; private set; }

    public Money MonthlyPrice { get; private set; }

    public Money YearlyPrice { get; private set; }

    public int TrialDays { get; private set; }

    /// <summary>Position on the public page, cheapest first by convention.</summary>
    public int SortOrder { get; private set; }

    public bool IsArchived { get; private set; }

    /// <summary>Stripe product for this tier; set the first time a fan subscribes.</summary>
    public string? StripeProductId { get; private set; }

    public string? StripeMonthlyPriceId { get; private set; }

    public string? StripeYearlyPriceId { get; private set; }

    public IReadOnlyList<EntitlementKey> Entitlements { get; private set; }

    public static Result<Tier> Create(Guid id, string slug, LocalizedText name, LocalizedText description,
        Money monthly, Money yearly, int trialDays, int sortOrder, IEnumerable<EntitlementKey> entitlements)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(monthly);
        ArgumentNullException.ThrowIfNull(yearly);
        ArgumentNullException.ThrowIfNull(entitlements);

        if (string.IsNullOrEmpty(slug) || slug.Length > 40 || !slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            return Result.Fail<Tier>("tier.slug_invalid", "A tier slug is 1-40 lower-case letters, digits or dashes.");
        }

        if (monthly.Currency != yearly.Currency)
        {
            return Result.Fail<Tier>("tier.currency_mismatch", "Monthly and yearly prices must use the same currency.");
        }

        if (trialDays is < 0 or > 90)
        {
            return Result.Fail<Tier>("tier.trial_out_of_range", "A trial lasts between 0 and 90 days.");
        }

        return Result.Ok(new Tier(id, slug, name, description, monthly, yearly, trialDays, sortOrder, entitlements));
    }

    public Money PriceFor(Subscriptions.BillingInterval interval) =>
        interval == Subscriptions.BillingInterval.Year ? YearlyPrice : MonthlyPrice;

    public string? StripePriceIdFor(Subscriptions.BillingInterval interval) =>
        interval == Subscriptions.BillingInterval.Year ? StripeYearlyPriceId : StripeMonthlyPriceId;

    /// <summary>Records the Stripe product and prices that sell this tier.</summary>
    public void LinkStripe(string productId, string monthlyPriceId, string yearlyPriceId)
    {
        StripeProductId = productId;
        StripeMonthlyPriceId = monthlyPriceId;
        StripeYearlyPriceId = yearlyPriceId;
    }

    /// <summary>Which of this tier's prices a Stripe price id is, if any.</summary>
    public Subscriptions.BillingInterval? IntervalOf(string stripePriceId) =>
        stripePriceId == StripeMonthlyPriceId ? Subscriptions.BillingInterval.Month
        : stripePriceId == StripeYearlyPriceId ? Subscriptions.BillingInterval.Year
        : null;

    /// <summary>Takes the tier off sale. Existing members keep it until their subscription ends.</summary>
    public void Archive() => IsArchived = true;

    public bool Grants(EntitlementKey key) => Entitlements.Contains(key);
}
