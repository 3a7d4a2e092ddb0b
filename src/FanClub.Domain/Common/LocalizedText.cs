namespace FanClub.Domain.Common;

/// <summary>A short text in the two languages FanClub speaks.</summary>
public sealed record LocalizedText
{
    public LocalizedText(string english, string french)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(english);
        ArgumentException.ThrowIfNullOrWhiteSpace(french);
        English = english;
        French = french;
    }

    public string English { get; }

    public string French { get; }

    /// <summary>The text for a two-letter language code; English for anything FanClub does not speak.</summary>
    public string For(string twoLetterLanguage) =>
        string.Equals(twoLetterLanguage, "fr", StringComparison.OrdinalIgnoreCase) ? French : English;
}
