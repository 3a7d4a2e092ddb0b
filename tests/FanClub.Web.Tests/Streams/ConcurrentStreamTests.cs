using System.Net;
using FanClub.Web.Benchmarking;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Web.Tests.Streams;

/// <summary>
/// The per-member limit (default 2): players count while they renew within twice the token
/// lifetime (10 minutes), renewals are never refused for it, and a closed player frees its slot.
/// </summary>
public sealed class ConcurrentStreamTests(StreamFixture fixture) : StreamTest(fixture)
{
    [Fact]
    public async Task Two_players_play_a_third_is_refused_and_the_first_two_keep_renewing()
    {
        var (member, _) = await MemberAsync("stream:live", "stream:replays");
        var (phone, laptop) = (NewSessionId(), NewSessionId());
        await TokenAsync(member, "s1", phone);
        await TokenAsync(member, "s2", laptop);

        var problem = await ProblemAsync(await RequestTokenAsync(member, "s1", NewSessionId()), HttpStatusCode.Conflict);

        Assert.Equal("Too many streams", problem.GetProperty("title").GetString());
        Assert.StartsWith("You are already watching on 2 devices.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, problem.GetProperty("maxConcurrentStreams").GetInt32());
        Factory.Clock.Advance(TimeSpan.FromMinutes(4));
        await TokenAsync(member, "s1", phone);
        await TokenAsync(member, "s1", laptop); // switching stream is a renewal, not a new player
    }

    [Fact]
    public async Task A_player_that_stops_renewing_frees_its_slot_after_twice_the_token_lifetime()
    {
        var (member, memberId) = await MemberAsync("stream:live");
        var (closed, playing, third) = (NewSessionId(), NewSessionId(), NewSessionId());
        await TokenAsync(member, "s1", closed);
        await TokenAsync(member, "s1", playing);

        Factory.Clock.Advance(TimeSpan.FromMinutes(6));
        await TokenAsync(member, "s1", playing);
        await ProblemAsync(await RequestTokenAsync(member, "s1", third), HttpStatusCode.Conflict);

        Factory.Clock.Advance(TimeSpan.FromMinutes(4)); // 10 minutes since "closed" last renewed
        await TokenAsync(member, "s1", third);

        // The lapsed player coming back is a new player, and the two slots are taken.
        await ProblemAsync(await RequestTokenAsync(member, "s1", closed), HttpStatusCode.Conflict);
        Assert.Equal(2, Registry.PlayersOf(memberId));
    }

    [Fact]
    public async Task Closing_a_player_frees_its_slot_at_once()
    {
        var (member, _) = await MemberAsync("stream:live");
        var (first, second) = (NewSessionId(), NewSessionId());
        await TokenAsync(member, "s1", first);
        await TokenAsync(member, "s1", second);

        using var ended = await member.Http.PostAsync(new Uri($"/api/me/streams/sessions/{first}/end", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        await TokenAsync(member, "s1", NewSessionId());
    }

    [Fact]
    public async Task The_limit_is_per_member()
    {
        var (alice, _) = await MemberAsync("stream:live");
        var (bob, _) = await MemberAsync("stream:live");
        await TokenAsync(alice, "s1", NewSessionId());
        await TokenAsync(alice, "s1", NewSessionId());

        await TokenAsync(bob, "s1", NewSessionId());
        await TokenAsync(bob, "s1", NewSessionId());
    }

    [Fact]
    public async Task Minting_makes_no_database_round_trip_for_the_session_count()
    {
        var (member, _) = await MemberAsync("stream:live");
        var player = NewSessionId();
        await TokenAsync(member, "s1", player); // the first request fills the entitlement cache
        var commands = Factory.Services.GetRequiredService<QueryCounter>();

        var before = commands.Total;
        await TokenAsync(member, "s1", player);
        await TokenAsync(member, "s1", NewSessionId());
        var sent = commands.Total - before;

        // What is left is the entitlement cache's version check, one per request (none once the
        // entitlement cache needs none); the session count used to add GET_LOCK, SELECT, UPDATE or INSERT, RELEASE_LOCK.
        Assert.True(sent <= 2, $"{sent} database commands for two token requests.");
    }

    [Fact]
    public async Task Players_starting_at_the_same_instant_cannot_exceed_the_limit()
    {
        var (member, _) = await MemberAsync("stream:live");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => RequestTokenAsync(member, "s1", NewSessionId())));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(18, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
