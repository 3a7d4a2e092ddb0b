using FanClub.Domain.Common;
using FanClub.Domain.Partners;
using FanClub.Domain.Tiers;

namespace FanClub.Modules.PremiumChat;

/// <summary>
/// The rooms this club runs, from <c>Partners:premiumchat:Rooms:N:{Id,NameEn,NameFr,RequiredKey}</c>;
/// without that section, a premium <c>lounge</c> and a <c>community</c> room.
/// </summary>
public sealed class ChatRooms
{
    private readonly Dictionary<string, PartnerResource> _rooms;

    public ChatRooms(IReadOnlyList<PartnerResource> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        _rooms = rooms.ToDictionary(r => r.Id, StringComparer.Ordinal);
        All = rooms;
    }

    public static ChatRooms Defaults { get; } = new(
    [
        new PartnerResource("lounge", new LocalizedText("VIP lounge", "Salon VIP"), EntitlementKey.Parse("chat:premium")),
        new PartnerResource("community", new LocalizedText("Community", "Communauté"), EntitlementKey.Parse("chat:community")),
    ]);

    public IReadOnlyList<PartnerResource> All { get; }

    public PartnerResource? Find(string? id) => id is not null && _rooms.TryGetValue(id, out var room) ? room : null;

    /// <summary>Reads the rooms from the module's settings; a malformed room stops start-up with a message naming it.</summary>
    public static ChatRooms FromSettings(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var indexes = settings.Keys
            .Select(k => k.Split(':'))
            .Where(parts => parts.Length == 3 && parts[0] == "Rooms")
            .Select(parts => parts[1])
            .Distinct(StringComparer.Ordinal)
            .OrderBy(i => int.TryParse(i, out var n) ? n : int.MaxValue)
            .ToList();
        if (indexes.Count == 0)
        {
            return Defaults;
        }

        var rooms = new List<PartnerResource>();
        foreach (var index in indexes)
        {
            string Setting(string name)
            {
                var key = $"Rooms:{index}:{name}";
                return settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value)
                    ? value.Trim()
                    : throw new InvalidOperationException($"Partners:premiumchat:{key} is not set.");
            }

            var id = Setting("Id");
            if (id.Length > 40 || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                throw new InvalidOperationException(
                    $"Partners:premiumchat:Rooms:{index}:Id '{id}' must be at most 40 lower-case letters, digits and dashes (it appears in URLs).");
            }

            if (!EntitlementKey.TryParse(Setting("RequiredKey"), out var key))
            {
                throw new InvalidOperationException($"Partners:premiumchat:Rooms:{index}:RequiredKey is not an entitlement key (area:name).");
            }

            rooms.Add(new PartnerResource(id, new LocalizedText(Setting("NameEn"), Setting("NameFr")), key));
        }

        var duplicate = rooms.GroupBy(r => r.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? new ChatRooms(rooms)
            : throw new InvalidOperationException($"Partners:premiumchat:Rooms names the room '{duplicate.Key}' twice.");
    }
}
