using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FanClub.Benchmarks;

/// <summary>
/// Where a scenario's time goes: <c>dotnet-trace</c> (the repository's local tool) samples the
/// site's thread stacks while wrk runs, and the samples of threads serving a request are summed
/// per method: self time (the method itself) and total time (with what it calls). Asked for with
/// <c>FANCLUB_BENCH_PROFILE=3,5</c> (scenario numbers); written next to the results.
/// </summary>
internal sealed class Profiler(string repositoryRoot, string folder)
{
    /// <summary>
    /// A thread with one of these on its stack is waiting for work, not doing it (an async request
    /// that waits for the database has no thread at all, so waiting for I/O is not sampled).
    /// </summary>
    private static readonly string[] IdleFrames =
    [
        "LowLevelLifoSemaphore", "SocketAsyncEngine.EventLoop", "Monitor.Wait", "WaitHandle.Wait", "Thread.Sleep", "FileSystemWatcher",
        "ConsoleLoggerProcessor", "ManualResetEventSlim.Wait", "GateThread", "TimerQueue", "Program.<Main>", "WaitSubsystem",
        "ThreadPoolTypedWorkItemQueue", "LowLevelMonitor", "BlockingCollection", "EventPipe", "WaitForSocketEvents",
    ];

    private const int Top = 20;

    public static IReadOnlySet<int> Wanted() => Numbers("BENCH_PROFILE");

    /// <summary>Scenario numbers from a variable such as <c>3,6</c>; none when it is not set.</summary>
    public static IReadOnlySet<int> Numbers(string variable) =>
        (Environment.GetEnvironmentVariable(variable) ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToHashSet();

    /// <summary>Traces <paramref name="processId"/> for <paramref name="duration"/> around <paramref name="load"/>; returns the summary's path.</summary>
    public async Task<string> ProfileAsync(int scenario, int processId, TimeSpan duration, Func<Task> load, CancellationToken ct)
    {
        var output = Path.Combine(folder, $"profile-{scenario}.nettrace");
        var trace = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["tool", "run", "dotnet-trace", "collect", "-p", processId.ToString(CultureInfo.InvariantCulture),
            "--profile", "dotnet-sampled-thread-time", "--format", "Speedscope", "-o", output,
            "--duration", duration.ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture)])
        {
            trace.ArgumentList.Add(argument);
        }

        using var tracer = Process.Start(trace) ?? throw new InvalidOperationException("Could not start dotnet-trace.");
        var drain = Task.WhenAll(tracer.StandardOutput.ReadToEndAsync(ct), tracer.StandardError.ReadToEndAsync(ct));
        await Task.Delay(TimeSpan.FromSeconds(1), ct); // the session attaches before the load starts
        await load();
        await tracer.WaitForExitAsync(ct);
        var logs = await drain;
        var speedscope = Path.ChangeExtension(output, ".speedscope.json");
        if (!File.Exists(speedscope))
        {
            throw new InvalidOperationException($"dotnet-trace wrote no {speedscope}: {string.Join(' ', logs)}");
        }

        if (Environment.GetEnvironmentVariable("BENCH_TRACES") is { Length: > 0 } keep)
        {
            File.Copy(speedscope, Path.Combine(keep, Path.GetFileName(speedscope)), overwrite: true);
        }

        var summary = Path.Combine(folder, $"profile-{scenario}.md");
        await File.WriteAllTextAsync(summary, Summarize(scenario, await File.ReadAllTextAsync(speedscope, ct)), ct);
        File.Delete(output);
        return summary;
    }

    /// <summary>Self and total time per method over the request threads of a speedscope (evented) profile.</summary>
    internal static string Summarize(int scenario, string speedscopeJson)
    {
        using var document = JsonDocument.Parse(speedscopeJson);
        var frames = document.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString() ?? "?").ToArray();
        var isIdleFrame = frames.Select(name => IdleFrames.Any(r => name.Contains(r, StringComparison.Ordinal))).ToArray();
        var self = new double[frames.Length];
        var total = new double[frames.Length];
        double requestTime = 0;

        foreach (var profile in document.RootElement.GetProperty("profiles").EnumerateArray())
        {
            var stack = new List<int>();
            var idleDepth = 0;
            double last = 0;
            foreach (var e in profile.GetProperty("events").EnumerateArray())
            {
                var at = e.GetProperty("at").GetDouble();
                if (stack.Count > 0 && idleDepth == 0)
                {
                    var dt = at - last;
                    requestTime += dt;
                    self[stack[^1]] += dt;
                    foreach (var frame in stack.Distinct())
                    {
                        total[frame] += dt;
                    }
                }

                last = at;
                var id = e.GetProperty("frame").GetInt32();
                if (e.GetProperty("type").GetString() == "O")
                {
                    stack.Add(id);
                    idleDepth += isIdleFrame[id] ? 1 : 0;
                }
                else if (stack.Count > 0)
                {
                    var index = stack.LastIndexOf(id);
                    if (index >= 0)
                    {
                        idleDepth -= stack.Skip(index).Count(f => isIdleFrame[f]);
                        stack.RemoveRange(index, stack.Count - index);
                    }
                }
            }
        }

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Scenario {scenario}: where the busy threads' time goes");
        md.AppendLine();
        md.AppendLine("Sampled thread time (dotnet-trace `dotnet-sampled-thread-time`, ~100 Hz) of the busy threads: stacks of");
        md.AppendLine("idle pool threads are left out; an async wait (the database, the network) holds no thread and is not here.");
        md.AppendLine();
        Table(md, "Self time (the method itself)", self, frames, requestTime);
        Table(md, "Total time (with what it calls)", total, frames, requestTime);
        return md.ToString();
    }

    private static void Table(StringBuilder md, string title, double[] times, string[] frames, double requestTime)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"## {title}");
        md.AppendLine();
        md.AppendLine("| share | method |");
        md.AppendLine("|---:|---|");
        foreach (var (time, name) in times.Select((t, i) => (t, frames[i])).OrderByDescending(x => x.t).Take(Top))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {100 * time / Math.Max(requestTime, 1e-9):F1}% | `{name.Replace('|', '/')}` |");
        }

        md.AppendLine();
    }
}
