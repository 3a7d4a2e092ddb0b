using FanClub.Web.Partners.Tokens;
using FanClub.Web.Streams;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FanClub.Web.Tests.Streams;

/// <summary>
/// The in-process registry on its own (a node without Redis): what it decides right after a start,
/// that it forgets the audience once it lapses, and that a crowd of parallel starts for one member
/// never gets past the limit. The HTTP behaviour is in <see cref="ConcurrentStreamTests"/>.
/// </summary>
public sealed class StreamSessionRegistryTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10); // twice the default 5-minute token
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task After_a_restart_a_member_keeps_every_player_and_the_exact_limit_returns_after_one_window()
    {
        var registry = NewRegistry();
        var member = Guid.NewGuid();
        // Two players counted before the restart renew after the member opened two new ones:
        // nobody is cut off, because for one window the registry cannot tell them apart.
        foreach (var player in new[] { "new-1", "new-2", "old-1", "old-2" })
        {
            Assert.Equal(StreamSessionOutcome.Started, await registry.StartOrRenewAsync(member, player, 2, default));
        }

        Assert.Equal(StreamSessionOutcome.LimitReached, await registry.StartOrRenewAsync(member, "fifth", 2, default));

        _clock.Advance(Window - TimeSpan.FromMinutes(1));
        foreach (var player in new[] { "new-1", "new-2", "old-1", "old-2" })
        {
            Assert.Equal(StreamSessionOutcome.Renewed, await registry.StartOrRenewAsync(member, player, 2, default));
        }

        _clock.Advance(TimeSpan.FromMinutes(2)); // past the first window: the limit is 2 again
        Assert.Equal(StreamSessionOutcome.Renewed, await registry.StartOrRenewAsync(member, "old-1", 2, default));
        Assert.Equal(StreamSessionOutcome.LimitReached, await registry.StartOrRenewAsync(member, "fifth", 2, default));
        Assert.Equal(StreamSessionOutcome.Started, await registry.StartOrRenewAsync(Guid.NewGuid(), "other", 2, default));
    }

    [Fact]
    public async Task Lapsed_players_and_their_members_are_pruned()
    {
        var registry = NewRegistry();
        _clock.Advance(Window);
        var keeper = Guid.NewGuid();
        for (var i = 0; i < 10_000; i++)
        {
            await registry.StartOrRenewAsync(Guid.NewGuid(), "player-" + i, 2, default);
        }

        await registry.StartOrRenewAsync(keeper, "still-playing", 2, default);
        Assert.Equal(10_001, registry.MemberCount);

        _clock.Advance(Window - TimeSpan.FromMinutes(1));
        await registry.StartOrRenewAsync(keeper, "still-playing", 2, default);
        _clock.Advance(TimeSpan.FromMinutes(1));
        registry.Prune();

        Assert.Equal(1, registry.MemberCount);
        Assert.Equal(1, registry.PlayerCount);
        Assert.Equal(StreamSessionOutcome.Renewed, await registry.StartOrRenewAsync(keeper, "still-playing", 2, default));
    }

    [Fact]
    public async Task Parallel_starts_for_one_member_never_exceed_the_limit_and_ending_frees_a_slot_at_once()
    {
        var registry = NewRegistry();
        _clock.Advance(Window);
        var member = Guid.NewGuid();
        using var go = new ManualResetEventSlim();
        var starts = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            go.Wait();
            return (Player: "player-" + i, Outcome: await registry.StartOrRenewAsync(member, "player-" + i, 3, default));
        })).ToList();
        go.Set();
        var outcomes = await Task.WhenAll(starts);

        var started = outcomes.Where(o => o.Outcome == StreamSessionOutcome.Started).ToList();
        Assert.Equal(3, started.Count);
        Assert.Equal(61, outcomes.Count(o => o.Outcome == StreamSessionOutcome.LimitReached));

        await registry.EndAsync(member, started[0].Player, default);
        Assert.Equal(StreamSessionOutcome.Started, await registry.StartOrRenewAsync(member, "player-late", 3, default));
        await registry.EndAllAsync(member, default);
        Assert.Equal(0, registry.PlayerCount);
    }

    private InProcessStreamSessionRegistry NewRegistry() => new(_clock, Options.Create(new PartnerTokenOptions()));
}
