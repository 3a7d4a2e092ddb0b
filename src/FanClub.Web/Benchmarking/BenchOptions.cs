namespace FanClub.Web.Benchmarking;

/// <summary>
/// <c>Bench:*</c>: the probes <c>./fanclub bench</c> measures against. Off by default; refused in
/// Production unless <see cref="AllowInProduction"/> says so too, because <c>/bench/stats</c> tells
/// anyone the process's memory and query counts.
/// </summary>
public sealed class BenchOptions
{
    public const string Section = "Bench";

    /// <summary>Maps <c>GET /bench/bare</c> (a constant, the ceiling of this process) and <c>GET /bench/stats</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>The benchmark runs the site as Production, to measure what is deployed; it sets this on purpose.</summary>
    public bool AllowInProduction { get; set; }
}
