namespace FanClub.Benchmarks;

internal static class Webhooks
{
    public static Task<ScenarioResult> RunAsync(BenchSettings settings, SiteClient site, Wrk wrk, IReadOnlyList<SeededMember> members, string secret, string work, CancellationToken ct) =>
        throw new NotSupportedException();
}
