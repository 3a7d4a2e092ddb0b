using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace FanClub.Benchmarks;

/// <summary>One wrk run: what to send (see bench/wrk.lua) and how hard.</summary>
internal sealed record WrkRequest(string Path, string Method = "GET", string? Body = null, string? Headers = null, string? LinesFile = null, bool Sequential = false);

/// <summary>wrk's summary, as bench/wrk.lua's done() prints it.</summary>
internal sealed record WrkResult(long Requests, long DurationMicroseconds, long P50Microseconds, long P99Microseconds, long SocketErrors, long BadStatuses)
{
    public double RequestsPerSecond => Requests / (DurationMicroseconds / 1_000_000.0);
}

internal sealed class Wrk(Uri site, string script, int threads, int connections)
{
    public async Task<WrkResult> RunAsync(WrkRequest request, TimeSpan duration, int? connectionsOverride = null, CancellationToken ct = default)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", (connectionsOverride ?? connections).ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)Math.Ceiling(duration.TotalSeconds)}s",
            "--timeout", "5s",
            "-s", script,
            site.ToString().TrimEnd('/'),
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["BENCH_METHOD"] = request.Method;
        start.Environment["BENCH_PATH"] = request.Path;
        start.Environment["BENCH_BODY"] = request.Body ?? string.Empty;
        start.Environment["BENCH_HEADERS"] = request.Headers ?? string.Empty;
        start.Environment["BENCH_LINES"] = request.LinesFile ?? string.Empty;
        start.Environment["BENCH_SEQUENTIAL"] = request.Sequential ? "1" : "0";
        start.Environment["BENCH_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        // Bounded: wrk stops itself after -d; this only guards against a hung wrk.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(duration + TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output;
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("BENCHJSON ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no summary:\n{text}\n{await errors}");
        using var json = JsonDocument.Parse(line["BENCHJSON ".Length..]);
        var r = json.RootElement;
        long Get(string name) => r.GetProperty(name).GetInt64();
        return new WrkResult(Get("requests"), Get("duration_us"), Get("p50_us"), Get("p99_us"),
            Get("connect") + Get("read") + Get("write") + Get("timeout"), Get("status"));
    }
}
