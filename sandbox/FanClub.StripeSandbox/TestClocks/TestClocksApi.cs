using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Store;

namespace FanClub.StripeSandbox.TestClocks;

/// <summary>
/// Stripe's test clocks over the sandbox's single clock: every test clock reports the sandbox
/// time as its <c>frozen_time</c>, and advancing any of them advances the whole sandbox.
/// Creating one with a <c>frozen_time</c> ahead of the sandbox moves the sandbox there; time
/// never goes backwards. Plus <c>POST /sandbox/clock/advance?seconds=N</c> for scripts.
/// </summary>
internal static class TestClocksApi
{
    public static void MapTestClocks(this IEndpointRouteBuilder api)
    {
        var clocks = api.MapGroup("/test_helpers/test_clocks");
        clocks.MapPost("", Create);
        clocks.MapGet("", List);
        clocks.MapGet("/{id}", Retrieve);
        clocks.MapPost("/{id}/advance", Advance);
        clocks.MapDelete("/{id}", Delete);
    }

    public static void MapSandboxClock(this IEndpointRouteBuilder sandbox)
    {
        sandbox.MapGet("/clock", (SandboxClock clock) => Results.Json(new { now = clock.GetUtcNow(), unix = clock.UnixNow }));
        sandbox.MapPost("/clock/advance", (long seconds, SandboxClock clock, ClockAdvancer advancer) =>
        {
            if (seconds < 0)
            {
                return Results.BadRequest(new { error = "seconds must not be negative" });
            }

            advancer.AdvanceTo(clock.GetUtcNow().AddSeconds(seconds));
            return Results.Json(new { now = clock.GetUtcNow(), unix = clock.UnixNow });
        });
    }

    private static IResult Create(StripeParams p, SandboxStore store, SandboxClock clock, ClockAdvancer advancer)
    {
        var frozenTime = p.Long("frozen_time") ?? throw StripeApiException.MissingParam("frozen_time");
        advancer.AdvanceTo(DateTimeOffset.FromUnixTimeSeconds(frozenTime));
        return StripeResults.Json(store.Write(state =>
        {
            var testClock = Templates.New("test_helpers.test_clock");
            testClock["id"] = Ids.New("clock");
            testClock["created"] = clock.UnixNow;
            testClock["deletes_after"] = clock.UnixNow + (30 * 24 * 60 * 60);
            testClock["name"] = p.String("name");
            testClock["status"] = "ready";
            state.TestClocks.Add(testClock);
            return Render(testClock, clock);
        }));
    }

    private static IResult Retrieve(string id, SandboxStore store, SandboxClock clock) =>
        StripeResults.Json(store.Read(state => Render(state.TestClocks.Require(id, "test_helpers.test_clock"), clock)));

    private static IResult List(StripeParams p, SandboxStore store, SandboxClock clock) =>
        StripeResults.Json(store.Read(state => ListPage.Build(state.TestClocks.NewestFirst(), p, "/v1/test_helpers/test_clocks", c => Render(c, clock))));

    private static IResult Advance(string id, StripeParams p, SandboxStore store, SandboxClock clock, ClockAdvancer advancer)
    {
        var frozenTime = p.Long("frozen_time") ?? throw StripeApiException.MissingParam("frozen_time");
        store.Read(state => state.TestClocks.Require(id, "test_helpers.test_clock"));
        if (frozenTime < clock.UnixNow)
        {
            throw StripeApiException.InvalidParam("frozen_time", "The test clock cannot be advanced backwards: the sandbox's clock is shared by all test clocks and is already later.");
        }

        advancer.AdvanceTo(DateTimeOffset.FromUnixTimeSeconds(frozenTime));
        return Retrieve(id, store, clock);
    }

    private static IResult Delete(string id, SandboxStore store) => StripeResults.Json(store.Write(state =>
    {
        state.TestClocks.Require(id, "test_helpers.test_clock");
        state.TestClocks.Remove(id);
        return new JsonObject { ["deleted"] = true, ["id"] = id, ["object"] = "test_helpers.test_clock" };
    }));

    private static JsonObject Render(JsonObject testClock, SandboxClock clock)
    {
        var copy = testClock.Clone();
        copy["frozen_time"] = clock.UnixNow;
        return copy;
    }
}
