using FanClub.Domain.Common;

namespace FanClub.Domain.Tests.Common;

public sealed class MoneyTests
{
    [Fact]
    public void Amounts_are_integer_minor_units_and_currency_is_normalised()
    {
        var price = new Money(999, "eur");

        Assert.Equal(999, price.AmountMinor);
        Assert.Equal("EUR", price.Currency);
        Assert.Equal(9.99m, price.Major);
    }

    [Fact]
    public void Zero_decimal_currencies_have_no_minor_unit()
    {
        Assert.Equal(500m, new Money(500, "JPY").Major);
        Assert.Equal(1, Money.MinorUnitsPerMajor("jpy"));
        Assert.Equal(100, Money.MinorUnitsPerMajor("EUR"));
    }

    [Theory]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("")]
    public void Malformed_currency_codes_are_refused(string currency) =>
        Assert.Throws<ArgumentException>(() => new Money(100, currency));

    [Fact]
    public void Negative_amounts_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Money(-1, "EUR"));

    [Fact]
    public void Equal_amounts_in_the_same_currency_are_equal_values() =>
        Assert.Equal(new Money(100, "EUR"), new Money(100, "eur"));
}
