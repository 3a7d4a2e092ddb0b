using System.Globalization;
using FanClub.Domain.Common;

namespace FanClub.Web.Localization;

/// <summary>Shows money the way the reader's language writes it: "€9.99" in English, "9,99 €" in French.</summary>
public static class PriceFormat
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["EUR"] = "€",
        ["USD"] = "$",
        ["GBP"] = "£",
        ["CHF"] = "CHF",
        ["CAD"] = "CA$",
        ["JPY"] = "¥",
    };

    public static string Format(Money money, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(money);
        ArgumentNullException.ThrowIfNull(culture);
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencySymbol = Symbols.GetValueOrDefault(money.Currency, money.Currency);
        format.CurrencyDecimalDigits = Money.MinorUnitsPerMajor(money.Currency) == 1 ? 0 : 2;
        return money.Major.ToString("C", format);
    }
}
