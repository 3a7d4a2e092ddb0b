using System.Globalization;
using FanClub.Domain.Common;
using FanClub.Domain.Tiers;
using FanClub.Web.Localization;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Admin.Tiers;

/// <summary>The tier form: prices in major units as typed (<c>9.99</c>), entitlement keys space- or line-separated.</summary>
public sealed class TierInput
{
    /// <summary>Chosen when the create form is drawn, so a second submit of the same form finds the tier it made.</summary>
    public Guid Id { get; set; }

    public string Slug { get; set; } = string.Empty;

    public string NameEnglish { get; set; } = string.Empty;

    public string NameFrench { get; set; } = string.Empty;

    public string DescriptionEnglish { get; set; } = string.Empty;

    public string DescriptionFrench { get; set; } = string.Empty;

    public string Currency { get; set; } = "EUR";

    public string MonthlyPrice { get; set; } = string.Empty;

    public string YearlyPrice { get; set; } = string.Empty;

    public int TrialDays { get; set; }

    public int SortOrder { get; set; }

    public string Entitlements { get; set; } = string.Empty;

    /// <summary>Read only after validation. Methods, not properties: model binding reads every property.</summary>
    public Money Monthly() => ToMoney(MonthlyPrice, Currency);

    public Money Yearly() => ToMoney(YearlyPrice, Currency);

    public IReadOnlyList<EntitlementKey> Keys() =>
        [.. Entitlements.Split([' ', ',', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(EntitlementKey.Parse).Distinct()];

    public LocalizedText Name() => new(NameEnglish.Trim(), NameFrench.Trim());

    public LocalizedText Description() => new(DescriptionEnglish.Trim(), DescriptionFrench.Trim());

    public static TierInput From(Tier tier)
    {
        ArgumentNullException.ThrowIfNull(tier);
        return new TierInput
        {
            Id = tier.Id,
            Slug = tier.Slug,
            NameEnglish = tier.Name.English,
            NameFrench = tier.Name.French,
            DescriptionEnglish = tier.Description.English,
            DescriptionFrench = tier.Description.French,
            Currency = tier.MonthlyPrice.Currency,
            MonthlyPrice = tier.MonthlyPrice.Major.ToString("0.##", CultureInfo.InvariantCulture),
            YearlyPrice = tier.YearlyPrice.Major.ToString("0.##", CultureInfo.InvariantCulture),
            TrialDays = tier.TrialDays,
            SortOrder = tier.SortOrder,
            Entitlements = string.Join(' ', tier.Entitlements.Select(k => k.Value)),
        };
    }

    internal static bool TryParseAmount(string? text, string? currency, out long minor)
    {
        minor = 0;
        if (string.IsNullOrWhiteSpace(text) || string.IsNullOrWhiteSpace(currency) || currency.Length != 3 || !currency.All(char.IsAsciiLetter)
            || !decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var major))
        {
            return false;
        }

        var scaled = major * Money.MinorUnitsPerMajor(currency);
        if (scaled != decimal.Truncate(scaled) || scaled > 100_000_000)
        {
            return false;
        }

        minor = (long)scaled;
        return true;
    }

    private static Money ToMoney(string text, string currency) =>
        TryParseAmount(text, currency, out var minor) ? new Money(minor, currency) : throw new FormatException("Validate the input first.");
}

public sealed class TierInputValidator : AbstractValidator<TierInput>
{
    public TierInputValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(i => i.Slug).Must(Tier.IsValidSlug).WithMessage(text["AdminTiers.SlugInvalid"]);
        RuleFor(i => i.NameEnglish).NotEmpty().MaximumLength(80).WithMessage(text["AdminTiers.NameInvalid"]);
        RuleFor(i => i.NameFrench).NotEmpty().MaximumLength(80).WithMessage(text["AdminTiers.NameInvalid"]);
        RuleFor(i => i.DescriptionEnglish).NotEmpty().MaximumLength(500).WithMessage(text["AdminTiers.DescriptionInvalid"]);
        RuleFor(i => i.DescriptionFrench).NotEmpty().MaximumLength(500).WithMessage(text["AdminTiers.DescriptionInvalid"]);
        RuleFor(i => i.Currency).Must(c => c is { Length: 3 } && c.All(char.IsAsciiLetter)).WithMessage(text["AdminTiers.CurrencyInvalid"]);
        RuleFor(i => i.MonthlyPrice).Must((i, p) => TierInput.TryParseAmount(p, i.Currency, out _)).WithMessage(text["AdminTiers.PriceInvalid"]);
        RuleFor(i => i.YearlyPrice).Must((i, p) => TierInput.TryParseAmount(p, i.Currency, out _)).WithMessage(text["AdminTiers.PriceInvalid"]);
        RuleFor(i => i.TrialDays).InclusiveBetween(0, 90).WithMessage(text["AdminTiers.TrialInvalid"]);
        RuleFor(i => i.SortOrder).InclusiveBetween(0, 1000).WithMessage(text["AdminTiers.SortOrderInvalid"]);
        RuleFor(i => i.Entitlements)
            .Must(e => e.Split([' ', ',', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).All(k => EntitlementKey.TryParse(k, out _)))
            .WithMessage(text["AdminTiers.EntitlementsInvalid"])
            .MaximumLength(1000).WithMessage(text["AdminTiers.EntitlementsInvalid"]);
    }
}

/// <summary>Why an admin archives a tier or moves its subscribers: kept in the audit log.</summary>
public sealed class TierActionInput
{
    public string Reason { get; set; } = string.Empty;
}

public sealed class TierActionInputValidator : AbstractValidator<TierActionInput>
{
    public TierActionInputValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(i => i.Reason).NotEmpty().MaximumLength(500).WithMessage(text["AdminActions.ReasonRequired"]);
    }
}
