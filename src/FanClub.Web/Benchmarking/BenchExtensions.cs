using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Benchmarking;

/// <summary>
/// What the processes's own probes report to <c>./fanclub bench</c>; <see cref="JitMilliseconds"/> is the
/// time the JIT has spent compiling, on every thread (tiered compilation goes on in the background);
/// <see cref="CpuMilliseconds"/> the process's CPU time (user and system) and <see cref="AllocatedBytes"/>
/// what it has allocated, both since it started: per request, they do not depend on how the two cores
/// were shared with the load generator, as a rate does.
/// </summary>
public sealed record BenchStats(
    int ProcessId, long DbCommands, long PeakMemoryKb, long MemoryKb, long GcHeapBytes, string EntitlementCache, double JitMilliseconds,
    double CpuMilliseconds, long AllocatedBytes);

public static class BenchExtensions
{
    public static IServiceCollection AddBench(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BenchOptions>()
            .Bind(configuration.GetSection(BenchOptions.Section))
            .Validate<IHostEnvironment>((bench, environment) => !bench.Enabled || !environment.IsProduction() || bench.AllowInProduction,
                $"{BenchOptions.Section}:Enabled is refused in Production unless {BenchOptions.Section}:AllowInProduction is true too.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>
    /// <c>/bench/bare</c> answers a constant through the whole pipeline (headers, localization,
    /// routing, authentication, output cache): every scenario's ratio is measured against it.
    /// </summary>
    public static IEndpointRouteBuilder MapBench(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<BenchOptions>>().Value.Enabled)
        {
            return endpoints;
        }

        endpoints.MapGet("/bench/bare", () => "ok");
        endpoints.MapGet("/bench/stats", (QueryCounter queries, Entitlements.EntitlementCacheState cache) =>
        {
            var (peak, current) = ReadMemory();
            return TypedResults.Ok(new BenchStats(Environment.ProcessId, queries.Total, peak, current, GC.GetTotalMemory(forceFullCollection: false),
                cache.Description, System.Runtime.JitInfo.GetCompilationTime(currentThread: false).TotalMilliseconds,
                Environment.CpuUsage.TotalTime.TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: false)));
        });
        return endpoints;
    }

    /// <summary>VmHWM (peak resident set) and VmRSS from /proc, in kB; the working set where there is no /proc.</summary>
    private static (long PeakKb, long CurrentKb) ReadMemory()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            using var self = Process.GetCurrentProcess();
            return (self.PeakWorkingSet64 / 1024, self.WorkingSet64 / 1024);
        }

        long peak = 0, current = 0;
        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line);
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                current = Kilobytes(line);
            }
        }

        return (peak, current);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
}
