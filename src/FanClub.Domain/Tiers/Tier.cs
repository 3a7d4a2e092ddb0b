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
        _prices = [];
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
        _prices = [];
    }

    private readonly List<TierPrice> _prices;

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

    /// <summary>Every Stripe price linked to this tier, current and past (loaded only when asked for).</summary>
    public IReadOnlyList<TierPrice> Prices => _prices;

    public static Result<Tier> Create(Guid id, string slug, LocalizedText name, LocalizedText description,
        Money monthly, Money yearly, int trialDays, int sortOrder, IEnumerable<EntitlementKey> entitlements)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(monthly);
        ArgumentNullException.ThrowIfNull(yearly);
        ArgumentNullException.ThrowIfNull(entitlements);

        if (!IsValidSlug(slug))
        {
            return Result.Fail<Tier>("tier.slug_invalid", "A tier slug is 1-40 lower-case letters, digits or dashes.");
        }

        if (Check(monthly, yearly, trialDays) is { } failure)
        {
            return Result.Fail<Tier>(failure.Code, failure.Message);
        }

        return Result.Ok(new Tier(id, slug, name, description, monthly, yearly, trialDays, sortOrder, entitlements));
    }

    public static bool IsValidSlug(string? slug) =>
        !string.IsNullOrEmpty(slug) && slug.Length <= 40 && slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>
    /// Changes what the tier is: names, description, trial, order and entitlement keys. The slug stays:
    /// it is in links members saved and in Stripe's metadata. Prices change through <see cref="ChangePrices"/>.
    /// Returns whether anything changed.
    /// </summary>
    public Result<bool> Edit(LocalizedText name, LocalizedText description, int trialDays, int sortOrder, IEnumerable<EntitlementKey> entitlements)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(entitlements);
        if (Check(MonthlyPrice, YearlyPrice, trialDays) is { } failure)
        {
            return Result.Fail<bool>(failure.Code, failure.Message);
        }

        EntitlementKey[] keys = [.. entitlements.Distinct()];
        var changed = name != Name || description != Description || trialDays != TrialDays || sortOrder != SortOrder
            || !keys.SequenceEqual(Entitlements);
        Name = name;
        Description = description;
        TrialDays = trialDays;
        SortOrder = sortOrder;
        Entitlements = keys;
        return Result.Ok(changed);
    }

    /// <summary>
    /// Sets new prices for new subscribers. When the tier is already sold through Stripe, the caller
    /// creates the new Stripe prices and links them with <see cref="ReplaceStripePrice"/>; existing
    /// subscribers stay on the prices they bought until an admin migrates them.
    /// Returns the intervals whose price changed.
    /// </summary>
    public Result<IReadOnlyList<Subscriptions.BillingInterval>> ChangePrices(Money monthly, Money yearly)
    {
        ArgumentNullException.ThrowIfNull(monthly);
        ArgumentNullException.ThrowIfNull(yearly);
        if (Check(monthly, yearly, TrialDays) is { } failure)
        {
            return Result.Fail<IReadOnlyList<Subscriptions.BillingInterval>>(failure.Code, failure.Message);
        }

        var changed = new List<Subscriptions.BillingInterval>();
        if (monthly != MonthlyPrice)
        {
            changed.Add(Subscriptions.BillingInterval.Month);
        }

        if (yearly != YearlyPrice)
        {
            changed.Add(Subscriptions.BillingInterval.Year);
        }

        MonthlyPrice = monthly;
        YearlyPrice = yearly;
        return Result.Ok<IReadOnlyList<Subscriptions.BillingInterval>>(changed);
    }

    /// <summary>Makes <paramref name="stripePriceId"/> the price new subscribers of <paramref name="interval"/> buy; the old one stays known.</summary>
    public void ReplaceStripePrice(Subscriptions.BillingInterval interval, string stripePriceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(stripePriceId);
        if (interval == Subscriptions.BillingInterval.Year)
        {
            StripeYearlyPriceId = stripePriceId;
        }
        else
        {
            StripeMonthlyPriceId = stripePriceId;
        }

        RememberPrice(stripePriceId, interval, PriceFor(interval));
    }

    private static Failure? Check(Money monthly, Money yearly, int trialDays)
    {
        if (monthly.Currency != yearly.Currency)
        {
            return new Failure("tier.currency_mismatch", "Monthly and yearly prices must use the same currency.");
        }

        return trialDays is < 0 or > 90 ? new Failure("tier.trial_out_of_range", "A trial lasts between 0 and 90 days.") : null;
    }

    private void RememberPrice(string stripePriceId, Subscriptions.BillingInterval interval, Money amount)
    {
        if (!_prices.Any(p => p.StripePriceId == stripePriceId))
        {
            _prices.Add(new TierPrice(stripePriceId, Id, interval, amount));
        }
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
        RememberPrice(monthlyPriceId, Subscriptions.BillingInterval.Month, MonthlyPrice);
        RememberPrice(yearlyPriceId, Subscriptions.BillingInterval.Year, YearlyPrice);
    }

    /// <summary>Which of this tier's prices a Stripe price id is, if any.</summary>
    public Subscriptions.BillingInterval? IntervalOf(string stripePriceId) =>
        stripePriceId == StripeMonthlyPriceId ? Subscriptions.BillingInterval.Month
        : stripePriceId == StripeYearlyPriceId ? Subscriptions.BillingInterval.Year
        : _prices.FirstOrDefault(p => p.StripePriceId == stripePriceId)?.Interval;

    /// <summary>Takes the tier off sale. Existing members keep it until their subscription ends.</summary>
    /// <summary>Returns whether it was on sale until now (archiving twice changes nothing).</summary>
    public bool Archive()
    {
        if (IsArchived)
        {
            return false;
        }

        IsArchived = true;
        return true;
    }

    public bool Grants(EntitlementKey key) => Entitlements.Contains(key);
}
