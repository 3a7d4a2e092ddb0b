using System.Net;
using System.Text.RegularExpressions;
using FanClub.Modules.PremiumChat;

namespace FanClub.Web.Tests.Chat;

public sealed partial class ChatPageTests(ChatFixture fixture) : ChatTest(fixture)
{
    [Fact]
    public async Task An_entitled_member_gets_the_live_room_with_scripts_from_this_site_only()
    {
        var member = await MemberAsync("Nora");
        await CompAsync(member, await TierAsync(Premium));

        using var response = await member.Client.Http.GetAsync(new Uri("/members/chat/lounge", UriKind.Relative));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-chat-room=\"lounge\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"chat-upgrade\"", page, StringComparison.Ordinal);
        Assert.Contains("private", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        // Both scripts are files of this site (fingerprinted by MapStaticAssets): the CSP allows nothing else.
        var scripts = ScriptSource().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, scripts.Count);
        Assert.Matches(@"^/lib/signalr/signalr\.min\.[a-z0-9]+\.js$", scripts[0]);
        Assert.Matches(@"^/js/chat\.[a-z0-9]+\.js$", scripts[1]);
        using var library = await member.Client.Http.GetAsync(new Uri(scripts[0], UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, library.StatusCode);
        Assert.Contains("signalR", await library.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var chat = await member.Client.Http.GetAsync(new Uri(scripts[1], UriKind.Relative));
        Assert.Contains("textContent", await chat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_without_the_key_gets_the_upgrade_offer_and_no_chat_client()
    {
        var member = await MemberAsync("Omar");
        await CompAsync(member, await TierAsync(Community));

        using var response = await member.Client.Http.GetAsync(new Uri("/members/chat/lounge", UriKind.Relative));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"chat-upgrade\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("chat.js", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-chat-room", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_rooms_are_404_and_visitors_are_sent_to_log_in()
    {
        var member = await MemberAsync("Pia");

        using var unknown = await member.Client.Http.GetAsync(new Uri("/members/chat/backstage", UriKind.Relative));
        using var anonymous = await Factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(new Uri("/members/chat/lounge", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public void Rooms_come_from_settings_or_default_to_the_premium_lounge_and_the_community_room()
    {
        Assert.Equal([("lounge", "chat:premium"), ("community", "chat:community")],
            ChatRooms.Defaults.All.Select(r => (r.Id, r.RequiredKey.Value)));

        var rooms = ChatRooms.FromSettings(new Dictionary<string, string?>
        {
            ["Rooms:0:Id"] = "cast",
            ["Rooms:0:NameEn"] = "With the cast",
            ["Rooms:0:NameFr"] = "Avec les candidats",
            ["Rooms:0:RequiredKey"] = "chat:premium",
        });

        var cast = Assert.Single(rooms.All);
        Assert.Equal(("cast", "Avec les candidats", "chat:premium"), (cast.Id, cast.Name.French, cast.RequiredKey.Value));
        var bad = Assert.Throws<InvalidOperationException>(() => ChatRooms.FromSettings(new Dictionary<string, string?> { ["Rooms:0:Id"] = "Bad Room" }));
        Assert.Contains("Partners:premiumchat:Rooms:0", bad.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex("<script src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
