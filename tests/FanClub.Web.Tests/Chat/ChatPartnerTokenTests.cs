using System.Net;
using System.Net.Http.Json;
using FanClub.Modules.PremiumChat;
using FanClub.Web.Partners;
using FanClub.Web.Partners.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace FanClub.Web.Tests.Chat;

/// <summary>
/// An external chat server gating with FanClub's JWT alone: it fetches the JWKS once, then checks
/// each token offline with <see cref="JwtValidator"/> (the reference rules of docs/partners.md).
/// </summary>
public sealed class ChatPartnerTokenTests(ChatFixture fixture) : ChatTest(fixture)
{
    [Fact]
    public async Task A_chat_server_admits_a_premium_member_from_the_token_and_the_jwks_alone_and_refuses_forged_and_expired_ones()
    {
        var premium = await MemberAsync("Kim");
        var supporter = await MemberAsync("Lou");
        await CompAsync(premium, await TierAsync(Premium, Community));
        await CompAsync(supporter, await TierAsync(Community));

        using var premiumToken = await premium.Client.Http.PostAsync(new Uri($"/api/me/tokens/{PremiumChatModule.Id}", UriKind.Relative), null);
        using var supporterToken = await supporter.Client.Http.PostAsync(new Uri($"/api/me/tokens/{PremiumChatModule.Id}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, premiumToken.StatusCode);
        var token = (await premiumToken.Content.ReadFromJsonAsync<MemberTokenResponse>())!.Token;
        var lesserToken = (await supporterToken.Content.ReadFromJsonAsync<MemberTokenResponse>())!.Token;

        // The chat server's side: one JWKS fetch, then nothing but local checks on its own clock.
        var jwks = JsonWebKeySet.Parse(await Factory.CreateClient().GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)));
        var serverClock = new FakeTimeProvider(Factory.Clock.GetUtcNow());
        var chatServer = new JwtValidator(jwks, "fanclub", PremiumChatModule.Id, serverClock);
        bool MayEnterLounge(string jwt) => chatServer.Validate(jwt) is { Succeeded: true } valid && valid.Value.Entitlements.Contains("chat:premium");

        var accepted = chatServer.Validate(token);
        Assert.True(accepted.Succeeded, accepted.Failure?.Message);
        Assert.Equal(premium.Id.ToString(), accepted.Value.Subject);
        Assert.Equal(PremiumChatModule.Id, accepted.Value.Audience);
        Assert.True(MayEnterLounge(token));
        Assert.True(chatServer.Validate(lesserToken).Succeeded);
        Assert.False(MayEnterLounge(lesserToken), "A supporter's token opened the premium room.");

        // Another partner's validator refuses a chat token: the audience is the partner id.
        Assert.Equal("jwt.audience", new JwtValidator(jwks, "fanclub", "livestream", serverClock).Validate(token).Failure?.Code);

        // Forged: payload edited to claim another member (signature no longer matches), or signature altered.
        var parts = token.Split('.');
        var otherPayload = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace(premium.Id.ToString(), supporter.Id.ToString(), StringComparison.Ordinal)));
        Assert.False(chatServer.Validate($"{parts[0]}.{otherPayload}.{parts[2]}").Succeeded);
        var flipped = parts[2][..^2] + (parts[2][^2] == 'A' ? 'B' : 'A') + parts[2][^1];
        Assert.False(chatServer.Validate($"{parts[0]}.{parts[1]}.{flipped}").Succeeded);
        Assert.False(MayEnterLounge($"{parts[0]}.{parts[1]}."));

        // Expired: five minutes of lifetime plus the 30 s of allowed clock skew.
        serverClock.Advance(TimeSpan.FromMinutes(5) + JwtValidator.DefaultClockSkew + TimeSpan.FromSeconds(1));
        Assert.Equal("jwt.expired", chatServer.Validate(token).Failure?.Code);
        Assert.False(MayEnterLounge(token));
    }

    [Fact]
    public async Task A_banned_member_gets_no_new_chat_token()
    {
        var member = await MemberAsync("Max");
        await CompAsync(member, await TierAsync(Premium));
        await BanAsync(member);

        using var response = await member.Client.Http.PostAsync(new Uri($"/api/me/tokens/{PremiumChatModule.Id}", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
