using FanClub.Domain.Tiers;

namespace FanClub.Domain.Tests.Tiers;

public sealed class EntitlementKeyTests
{
    [Theory]
    [InlineData("stream:live")]
    [InlineData("chat:premium")]
    [InlineData("stream:replays-2026")]
    public void Well_formed_keys_parse(string text)
    {
        Assert.True(EntitlementKey.TryParse(text, out var key));
        Assert.Equal(text, key.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("stream")]
    [InlineData(":live")]
    [InlineData("stream:")]
    [InlineData("stream:live:extra")]
    [InlineData("Stream:Live")]
    [InlineData("stream: live")]
    [InlineData("stream:<script>")]
    public void Malformed_keys_are_refused(string? text) =>
        Assert.False(EntitlementKey.TryParse(text, out _));

    [Fact]
    public void Keys_longer_than_64_characters_are_refused() =>
        Assert.False(EntitlementKey.TryParse("stream:" + new string('a', 58), out _));

    [Fact]
    public void Parse_throws_a_format_error_for_bad_input() =>
        Assert.Throws<FormatException>(() => EntitlementKey.Parse("nope"));
}
