using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FanClub.Benchmarks;

/// <summary>bench/results/&lt;date&gt;.md, .json and .svg: the table, the raw numbers and a chart of the ratios.</summary>
internal sealed class Report(BenchSettings settings, ScenarioResult bare, IReadOnlyList<ScenarioResult> scenarios, double peakMemoryMb, int members, TimeSpan seeding)
{
    public const double P99TargetMs = 10;
    public const double PeakMemoryTargetMb = 400;
    public const double WebhookTargetPerSecond = 500;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly DateTimeOffset _at = DateTimeOffset.UtcNow;

    private readonly string _load = Uptime();

    /// <summary>Caching headers of the public page and the static asset, as sent.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>How the restarted site loaded its members' entitlements before the first scenario.</summary>
    public string EntitlementCache { get; init; } = "unknown";

    /// <summary>The cluster runs (<c>./fanclub bench --cluster</c>), or null.</summary>
    public ClusterResults? Cluster { get; init; }

    public bool AllTargetsMet => scenarios.All(Met) && peakMemoryMb < PeakMemoryTargetMb;

    public double Ratio(ScenarioResult s) => s.Run.RequestsPerSecond / bare.Run.RequestsPerSecond;

    public bool Met(ScenarioResult s) =>
        (s.TargetRatio is not { } target || Ratio(s) >= target)
        && (!s.P99Target || s.Run.P99Microseconds / 1000.0 < P99TargetMs)
        && (s.Number != 7 || s.Rate >= WebhookTargetPerSecond);

    public string Table()
    {
        var t = new StringBuilder();
        t.AppendLine("| # | scenario | rate | p50 ms | p99 ms | errors | ratio to bare | target | queries/req | met |");
        t.AppendLine("|---|---|---:|---:|---:|---:|---:|---|---:|---|");
        t.AppendLine(Invariant, $"| 0 | {bare.Name} | {bare.Run.RequestsPerSecond:N0} req/s | {Ms(bare.Run.P50Microseconds)} | {Ms(bare.Run.P99Microseconds)} | {bare.Errors:N0} | 1.00 | | {bare.QueriesPerRequest:F2} | |");
        foreach (var s in scenarios)
        {
            var target = string.Join(", ", new[]
            {
                s.TargetRatio is { } r ? $">= {r:F1}" : null,
                s.P99Target ? $"p99 < {P99TargetMs:F0} ms" : null,
                s.Number == 7 ? $">= {WebhookTargetPerSecond:F0} events/s" : null,
                s.Number == 8 ? "429 + Retry-After" : null,
            }.Where(x => x is not null));
            var met = s.Number == 8 ? (s.Note?.StartsWith("NOT", StringComparison.Ordinal) == true ? "no" : "yes") : Met(s) ? "yes" : "**no**";
            t.AppendLine(Invariant,
                $"| {s.Number} | {s.Name} | {s.Rate:N0} {s.Unit} | {Ms(s.Run.P50Microseconds)} | {Ms(s.Run.P99Microseconds)} | {s.Errors:N0} | {Ratio(s):F2} | {target} | {s.QueriesPerRequest:F2} | {met} |");
        }

        t.AppendLine();
        t.AppendLine(Invariant, $"Peak memory of the site (VmHWM): {peakMemoryMb:F0} MB (target < {PeakMemoryTargetMb:F0} MB) with {members:N0} members.");
        var jit = string.Join(", ", new[] { bare }.Concat(scenarios).Where(s => s.JitMilliseconds is not null).Select(s => $"{s.Number}: {s.JitMilliseconds:N0} ms"));
        t.AppendLine(Invariant, $"JIT compilation during each measured run (after the warm-up and the wait for the JIT to settle): {jit}.");
        var cost = string.Join(", ", new[] { bare }.Concat(scenarios).Where(s => s.PerRequest is not null)
            .Select(s => $"{s.Number}: {s.PerRequest!.CpuMicroseconds:F1} µs, {s.PerRequest.AllocatedBytes:N0} B"));
        t.AppendLine(Invariant, $"The site's CPU time and allocations per request in each measured run (independent of wrk's share of the cores): {cost}.");
        foreach (var s in scenarios.Where(s => s.Note is not null))
        {
            t.AppendLine(Invariant, $"Scenario {s.Number}: {s.Note}.");
        }

        foreach (var header in Headers)
        {
            t.AppendLine(Invariant, $"- {header}");
        }

        return t.ToString();
    }

    public async Task<IReadOnlyList<string>> WriteAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(settings.ResultsFolder);
        var stem = Path.Combine(settings.ResultsFolder, _at.ToString("yyyy-MM-dd-HHmm", Invariant));
        var md = new StringBuilder();
        md.AppendLine(Invariant, $"# FanClub benchmark, {_at:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(Invariant, $"- commit `{settings.Commit}`, {Environment.ProcessorCount} cores, {Environment.OSVersion}");
        md.AppendLine(Invariant, $"- machine load before the run (`uptime`): {_load}");
        md.AppendLine(Invariant, $"- wrk: {settings.Threads} threads, {settings.Connections} connections, {settings.Duration.TotalSeconds:F0} s per scenario, 127.0.0.1");
        md.AppendLine(Invariant, $"- {members:N0} members seeded in {seeding.TotalSeconds:F0} s; the site was then restarted and warmed its entitlement cache: {EntitlementCache}");
        md.AppendLine();
        md.Append(Table());
        md.AppendLine();
        md.AppendLine(Invariant, $"![ratios]({Path.GetFileName(stem)}.svg)");
        if (Cluster is not null)
        {
            md.AppendLine();
            md.Append(Cluster.Markdown());
        }

        await File.WriteAllTextAsync(stem + ".md", md.ToString(), ct);

        var json = new
        {
            at = _at,
            commit = settings.Commit,
            cores = Environment.ProcessorCount,
            load = _load,
            members,
            seedingSeconds = seeding.TotalSeconds,
            entitlementCache = EntitlementCache,
            threads = settings.Threads,
            connections = settings.Connections,
            durationSeconds = settings.Duration.TotalSeconds,
            peakMemoryMb,
            bare = Row(bare),
            scenarios = scenarios.Select(Row),
            cluster = Cluster?.Json(),
        };
        await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(json, Indented), ct);
        await File.WriteAllTextAsync(stem + ".svg", Chart(), ct);
        return [stem + ".md", stem + ".json", stem + ".svg"];
    }

    private object Row(ScenarioResult s) => new
    {
        number = s.Number,
        name = s.Name,
        rate = s.Rate,
        unit = s.Unit,
        requests = s.Run.Requests,
        p50Ms = s.Run.P50Microseconds / 1000.0,
        p99Ms = s.Run.P99Microseconds / 1000.0,
        errors = s.Errors,
        ratio = Ratio(s),
        targetRatio = s.TargetRatio,
        queriesPerRequest = s.QueriesPerRequest,
        peakMemoryMb = s.PeakMemoryMb,
        note = s.Note,
        jitMs = s.JitMilliseconds,
        cpuMicrosecondsPerRequest = s.PerRequest?.CpuMicroseconds,
        allocatedBytesPerRequest = s.PerRequest?.AllocatedBytes,
    };

    /// <summary>Horizontal bars of each scenario's ratio to the bare endpoint, the target as a tick.</summary>
    private string Chart()
    {
        var rows = scenarios.Where(s => s.Number is >= 1 and <= 6).ToList();
        const int left = 300, width = 420, rowHeight = 28, top = 40;
        var height = top + (rows.Count * rowHeight) + 30;
        var svg = new StringBuilder();
        svg.AppendLine(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{left + width + 60}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine(Invariant, $"<text x=\"10\" y=\"20\" font-size=\"14\">Throughput as a share of the bare endpoint ({bare.Run.RequestsPerSecond:N0} req/s), {_at:yyyy-MM-dd HH:mm} UTC</text>");
        for (var i = 0; i < rows.Count; i++)
        {
            var s = rows[i];
            var y = top + (i * rowHeight);
            var ratio = Math.Min(Ratio(s), 1.5);
            var barWidth = ratio / 1.5 * width;
            var colour = Met(s) ? "#2e7d32" : "#c62828";
            svg.AppendLine(Invariant, $"<text x=\"10\" y=\"{y + 16}\">{Escape(s.Name)}</text>");
            svg.AppendLine(Invariant, $"<rect x=\"{left}\" y=\"{y + 4}\" width=\"{barWidth:F1}\" height=\"16\" fill=\"{colour}\"/>");
            svg.AppendLine(Invariant, $"<text x=\"{left + barWidth + 4:F1}\" y=\"{y + 16}\">{Ratio(s):F2}</text>");
            if (s.TargetRatio is { } target)
            {
                var x = left + (target / 1.5 * width);
                svg.AppendLine(Invariant, $"<line x1=\"{x:F1}\" y1=\"{y + 1}\" x2=\"{x:F1}\" y2=\"{y + 23}\" stroke=\"#000\" stroke-width=\"2\"/>");
            }
        }

        var one = left + (1 / 1.5 * width);
        svg.AppendLine(Invariant, $"<line x1=\"{one:F1}\" y1=\"{top - 4}\" x2=\"{one:F1}\" y2=\"{height - 24}\" stroke=\"#888\" stroke-dasharray=\"4\"/>");
        svg.AppendLine(Invariant, $"<text x=\"10\" y=\"{height - 8}\" fill=\"#555\">black tick: target; dashed: the bare endpoint (1.0); green: target met, red: missed</text>");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    private static string Ms(long microseconds) => (microseconds / 1000.0).ToString("F2", Invariant);

    private static string Uptime()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("uptime") { RedirectStandardOutput = true, UseShellExecute = false });
            var text = process!.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
