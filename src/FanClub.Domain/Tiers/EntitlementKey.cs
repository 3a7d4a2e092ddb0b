namespace FanClub.Domain.Tiers;

/// <summary>
/// A named right a member can hold, such as <c>stream:live</c> or <c>chat:premium</c>.
/// Partners check these keys; FanClub decides who holds them.
/// </summary>
public readonly record struct EntitlementKey
{
    private EntitlementKey(string value) => Value = value;

    public string Value { get; }

    /// <summary>Parses <c>area:name</c>, lower-case letters, digits and dashes on each side.</summary>
    public static bool TryParse(string? text, out EntitlementKey key)
    {
        key = default;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1 || text.IndexOf(':', colon + 1) >= 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c != ':' && c != '-' && !char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        key = new EntitlementKey(text);
        return true;
    }

    public static EntitlementKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new FormatException($"'{text}' is not an entitlement key (expected area:name).");

    public override string ToString() => Value;
}
