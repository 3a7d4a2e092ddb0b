using System.Globalization;
using System.Text;
using FanClub.Domain.Common;

namespace FanClub.Modules.PremiumChat;

/// <summary>
/// A message as members may post it: plain text (never interpreted as HTML: pages encode it), with
/// control characters and text-direction overrides removed, at most <see cref="MaxLength"/> characters.
/// </summary>
public readonly record struct ChatText
{
    public const int MaxLength = 500;

    private ChatText(string value) => Value = value;

    public string Value { get; }

    /// <summary>Cleans <paramref name="raw"/>; fails when nothing is left or it is too long.</summary>
    public static Result<ChatText> Clean(string? raw)
    {
        if (raw is null)
        {
            return Result.Fail<ChatText>("chat.empty", "The message is empty.");
        }

        var builder = new StringBuilder(Math.Min(raw.Length, MaxLength * 2));
        // Runes, not chars: a lone surrogate (which utf8mb4 cannot store) comes out as U+FFFD.
        foreach (var rune in raw.EnumerateRunes())
        {
            if (rune.Value is '\n' or '\r' or '\t')
            {
                builder.Append(' ');
            }
            else if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Control || IsDirectionOverride(rune))
            {
                // Dropped: NUL, escapes, bells... and bidi overrides that make text read backwards.
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        var text = builder.ToString().Normalize(NormalizationForm.FormC).Trim();
        if (text.Length == 0)
        {
            return Result.Fail<ChatText>("chat.empty", "The message is empty.");
        }

        return text.Length > MaxLength
            ? Result.Fail<ChatText>("chat.too_long", $"A message has at most {MaxLength} characters.")
            : Result.Ok(new ChatText(text));
    }

    private static bool IsDirectionOverride(Rune rune) =>
        rune.Value is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);
}
