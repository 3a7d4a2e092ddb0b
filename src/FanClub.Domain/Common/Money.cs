namespace FanClub.Domain.Common;

/// <summary>
/// An amount of money in integer minor units (cents) of an ISO 4217 currency.
/// Never floating point: a price must add up to the cent on every invoice.
/// </summary>
public sealed record Money
{
    public Money(long amountMinor, string currency)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amountMinor);
        ArgumentNullException.ThrowIfNull(currency);
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetter))
        {
            throw new ArgumentException($"'{currency}' is not an ISO 4217 currency code.", nameof(currency));
        }

        AmountMinor = amountMinor;
        Currency = currency.ToUpperInvariant();
    }

    /// <summary>The amount in the currency's minor unit (for EUR, cents).</summary>
    public long AmountMinor { get; }

    /// <summary>Upper-case ISO 4217 code, such as <c>EUR</c>.</summary>
    public string Currency { get; }

    /// <summary>The amount in major units, for display only.</summary>
    public decimal Major => AmountMinor / (decimal)MinorUnitsPerMajor(Currency);

    /// <summary>
    /// Minor units per major unit. Stripe lists these zero-decimal currencies; every other
    /// currency FanClub supports has two decimals.
    /// </summary>
    public static int MinorUnitsPerMajor(string currency) =>
        ZeroDecimalCurrencies.Contains(currency.ToUpperInvariant()) ? 1 : 100;

    private static readonly HashSet<string> ZeroDecimalCurrencies =
        ["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"];

    public override string ToString() => $"{Major} {Currency}";
}
