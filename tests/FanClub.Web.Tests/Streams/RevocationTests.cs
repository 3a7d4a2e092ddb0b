using System.Net;
using FanClub.Domain.Common;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Passes;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;
using FanClub.Testing;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.Streams;

/// <summary>
/// Every way access ends (cancel, refund, dispute, ban, comp expiry, pass expiry) refuses the very
/// next stream token and chat JWT: tokens are minted from the entitlement function, never from a cache.
/// </summary>
public sealed class RevocationTests(StreamFixture fixture) : StreamTest(fixture)
{
    private static readonly EntitlementKey[] Keys = [EntitlementKey.Parse("stream:live"), EntitlementKey.Parse("chat:premium")];

    private async Task<TResult> WithDbAsync<TResult>(Func<FanClubDbContext, Task<TResult>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FanClubDbContext>();
        var result = await work(db);
        await db.SaveChangesAsync();
        return result;
    }

    private DateTimeOffset Now => Factory.Clock.GetUtcNow();

    /// <summary>Grants the keys through <paramref name="source"/>; returns what ends that access.</summary>
    private async Task<Func<Task>> GrantAsync(Guid memberId, string source)
    {
        var tier = Tier.Create(Guid.NewGuid(), "t" + Guid.NewGuid().ToString("N")[..8], new LocalizedText("VIP", "VIP"), new LocalizedText("VIP", "VIP"),
            new Money(1999, "EUR"), new Money(19990, "EUR"), 0, 0, Keys).Value;
        await WithDbAsync(db => Task.FromResult(db.Tiers.Add(tier)));
        var subscriptionId = Guid.NewGuid();
        SubscriptionSnapshot Snapshot(SubscriptionStatus status) =>
            new("sub_" + subscriptionId.ToString("N")[..12], "cus_x", "price_x", status, Now.AddDays(-1), Now.AddDays(29), false, null, null);

        switch (source)
        {
            case "cancel" or "refund" or "dispute":
                await WithDbAsync(db => Task.FromResult(db.Subscriptions.Add(
                    Subscription.Start(subscriptionId, memberId, tier.Id, BillingInterval.Month, Snapshot(SubscriptionStatus.Active), Now))));
                return () => WithDbAsync(async db =>
                {
                    var subscription = await db.Subscriptions.SingleAsync(s => s.Id == subscriptionId);
                    if (source == "cancel")
                    {
                        Assert.True(subscription.Apply(Snapshot(SubscriptionStatus.Canceled), tier.Id, BillingInterval.Month, Now).Value);
                    }
                    else
                    {
                        subscription.EndAccess(source == "refund" ? AccessEndReason.Refunded : AccessEndReason.Disputed, Now, Now);
                    }

                    return true;
                });
            case "ban":
                await WithDbAsync(db => Task.FromResult(db.Comps.Add(Comp.Grant(Guid.NewGuid(), memberId, tier.Id, 30, "Test", Guid.NewGuid(), Now).Value)));
                return () => WithDbAsync(db => Task.FromResult(db.Bans.Add(Ban.Impose(Guid.NewGuid(), memberId, "Abuse", Guid.NewGuid(), Now))));
            case "comp-expiry":
                await WithDbAsync(db => Task.FromResult(db.Comps.Add(Comp.Grant(Guid.NewGuid(), memberId, tier.Id, 1, "Day", Guid.NewGuid(), Now).Value)));
                return () => { Factory.Clock.Advance(TimeSpan.FromDays(1)); return Task.CompletedTask; };
            case "pass-expiry":
                var offer = PassOffer.Create(Guid.NewGuid(), "p" + Guid.NewGuid().ToString("N")[..8], new LocalizedText("Night", "Soirée"), new Money(499, "EUR"),
                    Now.AddHours(-1), Now.AddHours(2), 1, Keys).Value;
                await WithDbAsync(db =>
                {
                    db.PassOffers.Add(offer);
                    return Task.FromResult(db.Passes.Add(Pass.Grant(Guid.NewGuid(), memberId, offer, "cs_" + Guid.NewGuid().ToString("N"), Now)));
                });
                return () => { Factory.Clock.Advance(offer.WindowEndsAt - Now); return Task.CompletedTask; };
            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown source.");
        }
    }

    private static async Task<HttpStatusCode> ChatTokenAsync(FormClient member)
    {
        using var response = await member.Http.PostAsync(new Uri("/api/me/tokens/premiumchat", UriKind.Relative), null);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("refund")]
    [InlineData("dispute")]
    [InlineData("ban")]
    [InlineData("comp-expiry")]
    [InlineData("pass-expiry")]
    public async Task When_access_ends_the_next_stream_token_and_chat_token_are_refused(string source)
    {
        var (member, memberId) = await MemberAsync();
        var end = await GrantAsync(memberId, source);
        var session = NewSessionId();
        using (var granted = await RequestTokenAsync(member, "s1", session))
        {
            Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await ChatTokenAsync(member));

        await end();

        using var refused = await RequestTokenAsync(member, "s1", session);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await ChatTokenAsync(member));
    }
}
