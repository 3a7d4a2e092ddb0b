using FanClub.StripeSandbox.Tests.Support;
using Stripe;

namespace FanClub.StripeSandbox.Tests;

public sealed class CatalogTests
{
    [Fact]
    public async Task Product_and_recurring_price_round_trip()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var product = await sandbox.Stripe.V1.Products.CreateAsync(new ProductCreateOptions
        {
            Name = "Gold",
            Metadata = new() { ["tier"] = "gold" },
        });
        var price = await sandbox.Stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id,
            UnitAmount = 9900,
            Currency = "eur",
            Recurring = new PriceRecurringOptions { Interval = "year" },
            LookupKey = "gold_yearly",
            Metadata = new() { ["tier"] = "gold" },
        });

        var fetched = await sandbox.Stripe.V1.Prices.GetAsync(price.Id, new PriceGetOptions { Expand = ["product"] });

        Assert.StartsWith("prod_", product.Id, StringComparison.Ordinal);
        Assert.StartsWith("price_", price.Id, StringComparison.Ordinal);
        Assert.Equal(9900, fetched.UnitAmount);
        Assert.Equal("eur", fetched.Currency);
        Assert.Equal("year", fetched.Recurring.Interval);
        Assert.Equal("recurring", fetched.Type);
        Assert.Equal("gold_yearly", fetched.LookupKey);
        Assert.Equal("Gold", fetched.Product.Name);
        var byKey = await sandbox.Stripe.V1.Prices.ListAsync(new PriceListOptions { LookupKeys = ["gold_yearly"] });
        Assert.Equal(price.Id, Assert.Single(byKey.Data).Id);
    }

    [Fact]
    public async Task Archiving_a_price_and_product_only_flips_active()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var price = await sandbox.CreateMonthlyPriceAsync(unitAmount: 500);

        var archived = await sandbox.Stripe.V1.Prices.UpdateAsync(price.Id, new PriceUpdateOptions { Active = false });
        var product = await sandbox.Stripe.V1.Products.UpdateAsync(price.ProductId, new ProductUpdateOptions { Active = false });

        Assert.False(archived.Active);
        Assert.Equal(500, archived.UnitAmount);
        Assert.False(product.Active);
        var active = await sandbox.Stripe.V1.Prices.ListAsync(new PriceListOptions { Product = price.ProductId, Active = true });
        Assert.Empty(active.Data);
    }
}
