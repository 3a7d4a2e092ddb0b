using FanClub.StripeSandbox.Infrastructure;

namespace FanClub.StripeSandbox.Tests;

public sealed class StripeParamsTests
{
    [Fact]
    public void Bracket_notation_becomes_nested_values_and_lists()
    {
        var p = StripeParams.Parse(
        [
            KeyValuePair.Create("line_items[0][price]", "price_a"),
            KeyValuePair.Create("line_items[1][price]", "price_b"),
            KeyValuePair.Create("line_items[1][quantity]", "3"),
            KeyValuePair.Create("metadata[member_id]", "42"),
            KeyValuePair.Create("subscription_data[metadata][tier]", "gold"),
            KeyValuePair.Create("expand[]", "subscription"),
            KeyValuePair.Create("expand[]", "line_items"),
            KeyValuePair.Create("allow_promotion_codes", "true"),
        ]);

        Assert.Equal(["price_a", "price_b"], p.List("line_items").Select(l => l.String("price")));
        Assert.Equal(3, p.List("line_items")[1].Long("quantity"));
        Assert.Equal("42", p.Map("metadata")!["member_id"]);
        Assert.Equal("gold", p.Object("subscription_data")!.Map("metadata")!["tier"]);
        Assert.Equal(["subscription", "line_items"], p.Strings("expand"));
        Assert.True(p.Bool("allow_promotion_codes"));
    }

    [Fact]
    public void Indexed_lists_keep_their_index_order()
    {
        var p = StripeParams.Parse([KeyValuePair.Create("expand[1]", "b"), KeyValuePair.Create("expand[0]", "a"), KeyValuePair.Create("expand[10]", "c")]);

        Assert.Equal(["a", "b", "c"], p.Strings("expand"));
    }
}
