using FanClub.Domain.Common;

namespace FanClub.Domain.Tests.Common;

public sealed class LocalizedTextTests
{
    private static readonly LocalizedText Text = new("Live streams", "Directs");

    [Theory]
    [InlineData("fr", "Directs")]
    [InlineData("FR", "Directs")]
    [InlineData("en", "Live streams")]
    [InlineData("de", "Live streams")]
    public void Picks_the_language_and_falls_back_to_english(string language, string expected) =>
        Assert.Equal(expected, Text.For(language));

    [Fact]
    public void Both_languages_are_required()
    {
        Assert.Throws<ArgumentException>(() => new LocalizedText("Live", " "));
        Assert.Throws<ArgumentException>(() => new LocalizedText("", "Direct"));
    }
}
