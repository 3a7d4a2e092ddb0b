using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FanClub.Benchmarks;
using FanClub.Web.Partners;
using MySqlConnector;

// ./fanclub bench starts MariaDB and the site (Release, Production, Bench:Enabled) and runs this
// with the settings below in the environment; see docs/performance.md.
var settings = BenchSettings.FromEnvironment();
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
var ct = stop.Token;
using var site = new SiteClient(settings.Site);
await site.WaitReadyAsync(TimeSpan.FromMinutes(2), ct);

// `seed` (first run): the members go in; the site is then restarted and this runs again to measure.
var seedReport = Environment.GetEnvironmentVariable("BENCH_SEED_REPORT");
Step($"seeding {settings.Members:N0} members (multi-row INSERTs)");
var seedClock = System.Diagnostics.Stopwatch.StartNew();
var members = await Seeder.SeedAsync(settings.Database, settings.Members, ct);
var seeding = seedClock.Elapsed;
Console.WriteLine($"    {members.Count:N0} members ready in {seeding.TotalSeconds:F1} s");
if (args is ["seed"])
{
    if (seedReport is not null)
    {
        await File.WriteAllTextAsync(seedReport, seeding.TotalSeconds.ToString(CultureInfo.InvariantCulture), ct);
    }

    return 0;
}

if (seedReport is not null && File.Exists(seedReport))
{
    seeding = TimeSpan.FromSeconds(double.Parse(await File.ReadAllTextAsync(seedReport, ct), CultureInfo.InvariantCulture));
}

var warm = await site.StatsAsync(ct);
Console.WriteLine($"    entitlement cache: {warm.EntitlementCache}");

var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "fanclub-bench-" + Environment.ProcessId)).FullName;
try
{
    Step("preparing inputs: partner key, signed-in members, member tokens");
    var partnerKey = await Partner.EnsureAsync(settings.Database, ct);
    var watchers = new SignedInMembers(
        [.. members.Where(m => m.Status == "Active" && m.Tier == "vip").Take(settings.SignedInMembers)], Path.Combine(work, "cookies.txt"));
    var cookies = await watchers.SignInAsync(site, ct);

    var jwts = new List<string>();
    foreach (var cookie in cookies)
    {
        using var empty = new StringContent(string.Empty);
        using var body = JsonDocument.Parse(await site.PostAsync($"/api/me/tokens/{Partner.Id}", empty, cookie, null, ct));
        jwts.Add(body.RootElement.GetProperty("token").GetString()!);
    }

    var home = await site.GetStringAsync("/", ct);
    var stylesheet = Regex.Match(home, "href=\"(/css/site[^\"]*\\.css)\"").Groups[1].Value;
    var headers = new List<string>
    {
        await site.HeadersAsync("/", "Accept-Language: en", ct),
        await site.HeadersAsync(stylesheet, "Accept-Encoding: br, gzip", ct),
    };
    var memberIds = Write(work, "members.txt", members.Select(m => m.Id.ToString()));
    var jwtLines = Write(work, "jwts.txt", jwts.Select(j => "token=" + j));
    var bearer = $"Authorization: Bearer {partnerKey}";

    var wrk = new Wrk(settings.Site, settings.WrkScript, settings.Threads, settings.Connections);
    var profiled = Profiler.Wanted();
    // FANCLUB_BENCH_ONLY=4,5: those scenarios (and the bare endpoint) only, for iterating on one path;
    // such a partial run prints its table and writes no results.
    var only = Profiler.Numbers("BENCH_ONLY");
    bool Runs(int number) => only.Count == 0 || only.Contains(number);
    var profiler = new Profiler(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(settings.WrkScript)))!, work);
    var profiles = new SortedDictionary<int, string>();
    var results = new List<ScenarioResult>();
    var bare = await Measure(0, "bare endpoint (GET /bench/bare)", new WrkRequest("/bench/bare"), null, true);
    async Task<ScenarioResult> Measure(int number, string name, WrkRequest request, double? target, bool p99Target, int? connections = null, TimeSpan? duration = null)
    {
        Step($"{number}. {name}");
        // The same load first, unmeasured, in rounds of two seconds until the JIT has compiled what they
        // queued for its optimising tier (SiteClient.WarmUpAsync): the pools and the code settle there for
        // every scenario alike, the bare endpoint included (it ran cold and came out below the home page).
        await site.WarmUpAsync(_ => wrk.RunAsync(request, TimeSpan.FromSeconds(2), connections, ct), 4, ct);
        var before = await site.StatsAsync(ct);
        var run = await wrk.RunAsync(request, duration ?? settings.Duration, connections, ct);
        var after = await site.StatsAsync(ct);
        var result = new ScenarioResult(number, name, run, target, p99Target, (after.DbCommands - before.DbCommands) / (double)Math.Max(1, run.Requests),
            after.PeakMemoryKb / 1024.0, "req/s")
        {
            JitMilliseconds = after.JitMilliseconds - before.JitMilliseconds,
            PerRequest = PerRequestCost.Between(before, after, run.Requests),
        };
        Console.WriteLine($"    {run.RequestsPerSecond:N0} req/s, p50 {run.P50Microseconds / 1000.0:F2} ms, p99 {run.P99Microseconds / 1000.0:F2} ms, " +
            $"errors {run.SocketErrors + run.BadStatuses}, {result.QueriesPerRequest:F2} queries/req");
        if (profiled.Contains(number))
        {
            // A second run under the tracer: tracing costs throughput, so the figures above come from the untraced run.
            var traced = duration ?? settings.Duration;
            profiles[number] = await profiler.ProfileAsync(number, after.ProcessId, traced,
                () => wrk.RunAsync(request, traced, connections, ct), ct);
            Console.WriteLine($"    profiled: {profiles[number]}");
        }

        return result;
    }

    if (Runs(1))
    {
        results.Add(await Measure(1, "home page with tiers (anonymous)", new WrkRequest("/", Headers: "Accept-Language: en"), 0.7, true));
    }

    if (Runs(2))
    {
        results.Add(await Measure(2, $"static asset ({stylesheet}, br)", new WrkRequest(stylesheet, Headers: "Accept-Encoding: br, gzip"), 0.8, true));
    }

    if (Runs(3))
    {
        results.Add(await Measure(3, "members area page (signed in)",
            new WrkRequest("/members", Headers: "Cookie: {1}", LinesFile: await watchers.FreshLinesAsync(site, ct)), null, true));
    }

    if (Runs(4))
    {
        results.Add(await Measure(4, "partner entitlement check (random members)",
            new WrkRequest("/api/partners/v1/members/{1}/access?key=stream:live", Headers: bearer, LinesFile: memberIds), 0.6, true));
    }

    if (Runs(5))
    {
        results.Add(await Measure(5, "stream-token minting (signed in)",
            new WrkRequest("/api/me/streams/main-stage/token", "POST", "{\"sessionId\":\"{2}\"}", "Cookie: {1}|Content-Type: application/json",
                await watchers.FreshLinesAsync(site, ct)), 0.5, true));
    }

    if (Runs(6))
    {
        results.Add(await Measure(6, "token introspection (partner)",
            new WrkRequest("/api/partners/v1/introspect", "POST", "{1}", bearer + "|Content-Type: application/x-www-form-urlencoded", jwtLines), 0.6, true));
    }

    // Before the webhooks: a slow webhook backlog must not stand in front of the burst.
    var burst = Runs(8) ? await LoginBurst.RunAsync(settings, site, wrk, members, work, ct) : null;
    if (Runs(7) && settings.WebhookSecret is { } secret)
    {
        var (webhooks, webhookProfile) = await Webhooks.RunAsync(settings, site, wrk, members, secret, work, profiled.Contains(7) ? profiler : null, ct);
        results.Add(webhooks);
        if (webhookProfile is not null)
        {
            profiles[7] = webhookProfile;
        }
    }

    if (burst is not null)
    {
        results.Add(burst);
    }

    var final = await site.StatsAsync(ct);
    if (only.Count > 0)
    {
        Console.WriteLine();
        Console.WriteLine(new Report(settings, bare, results, final.PeakMemoryKb / 1024.0, members.Count, seeding).Table());
        Console.WriteLine($"a partial run (FANCLUB_BENCH_ONLY={string.Join(',', only.Order())}): no results written");
        return 0;
    }


    // Cluster mode (./fanclub bench --cluster, ClusterMode.cs): the same inputs through nginx over 1, 2 and 3 nodes.
    var cluster = await ClusterMode.RunIfEnabledAsync(settings, new ClusterInputs(memberIds, watchers, bearer), ct);

    var report = new Report(settings, bare, results, final.PeakMemoryKb / 1024.0, members.Count, seeding)
    {
        Headers = headers, EntitlementCache = warm.EntitlementCache, Cluster = cluster,
    };
    var written = await report.WriteAsync(ct);
    if (profiles.Count > 0)
    {
        var markdown = written.Single(w => w.EndsWith(".md", StringComparison.Ordinal));
        var links = new List<string> { string.Empty, "Where the time goes (sampled profiles of a second, traced run):" };
        foreach (var (number, summary) in profiles)
        {
            var kept = Path.ChangeExtension(markdown, null) + $"-profile-{number}.md";
            File.Copy(summary, kept, overwrite: true);
            links.Add($"- scenario {number}: [{Path.GetFileName(kept)}]({Path.GetFileName(kept)})");
        }

        await File.AppendAllLinesAsync(markdown, links, ct);
        written = [.. written, .. profiles.Keys.Select(n => Path.ChangeExtension(markdown, null) + $"-profile-{n}.md")];
    }

    Console.WriteLine();
    Console.WriteLine(report.Table());
    Console.WriteLine(cluster?.Markdown());
    Console.WriteLine($"results: {string.Join(", ", written)}");
    // A missed target is a finding for the report, not a failure of the run.
    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static void Step(string text) => Console.WriteLine($"==> {text}");

static string Write(string folder, string name, IEnumerable<string> lines)
{
    var path = Path.Combine(folder, name);
    File.WriteAllLines(path, lines);
    return path;
}

namespace FanClub.Benchmarks
{
    internal sealed record BenchSettings(
        Uri Site, string Database, int Members, TimeSpan Duration, int Threads, int Connections, int SignedInMembers,
        string WrkScript, string ResultsFolder, string? WebhookSecret, string Commit, Uri? StripeApiBase, string StripeKey)
    {
        public static BenchSettings FromEnvironment()
        {
            static string Require(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException($"{name} is not set (./fanclub bench sets it).");
            static int Int(string name, int fallback) =>
                int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
            return new BenchSettings(
                new Uri(Require("BENCH_SITE")),
                Require("BENCH_DB"),
                Int("BENCH_MEMBERS", 100_000),
                TimeSpan.FromSeconds(Int("BENCH_DURATION", 10)),
                Int("BENCH_THREADS", 2),
                Int("BENCH_CONNECTIONS", 64),
                Int("BENCH_SIGNED_IN", 8),
                Require("BENCH_WRK_SCRIPT"),
                Require("BENCH_RESULTS"),
                Environment.GetEnvironmentVariable("BENCH_WEBHOOK_SECRET") is { Length: > 0 } s ? s : null,
                Environment.GetEnvironmentVariable("BENCH_COMMIT") ?? "unknown",
                Environment.GetEnvironmentVariable("BENCH_STRIPE_API") is { Length: > 0 } api ? new Uri(api) : null,
                Environment.GetEnvironmentVariable("BENCH_STRIPE_KEY") ?? "sk_test_bench");
        }
    }

    /// <summary>One measured scenario, with what the issue expects of it.</summary>
    internal sealed record ScenarioResult(
        int Number, string Name, WrkResult Run, double? TargetRatio, bool P99Target, double QueriesPerRequest, double PeakMemoryMb, string Unit)
    {
        public string? Note { get; init; }

        /// <summary>JIT compilation during the measured run (a counter: a steady state compiles next to nothing).</summary>
        public double? JitMilliseconds { get; init; }

        public double? Throughput { get; init; }

        /// <summary>The site's CPU time and allocations during the measured run, per request.</summary>
        public PerRequestCost? PerRequest { get; init; }

        public double Rate => Throughput ?? Run.RequestsPerSecond;

        public long Errors => Run.SocketErrors + Run.BadStatuses;
    }

    /// <summary>
    /// What one request cost the site, between two readings of <c>/bench/stats</c>: CPU time (every
    /// thread, the kernel's work for its sockets included) and bytes allocated. Unlike a rate, these do
    /// not move with the share of the two cores wrk took, so two builds compare on them run to run.
    /// </summary>
    internal sealed record PerRequestCost(double CpuMicroseconds, double AllocatedBytes)
    {
        public static PerRequestCost Between(Web.Benchmarking.BenchStats before, Web.Benchmarking.BenchStats after, long requests) => new(
            (after.CpuMilliseconds - before.CpuMilliseconds) * 1000 / Math.Max(1, requests),
            (after.AllocatedBytes - before.AllocatedBytes) / (double)Math.Max(1, requests));
    }

    /// <summary>The partner the benchmark asks as: a row like <c>./fanclub partner add</c> makes, with a fresh key each run.</summary>
    internal static class Partner
    {
        public const string Id = "benchpartner";

        public static async Task<string> EnsureAsync(string connectionString, CancellationToken ct)
        {
            var key = "fcp_bench_" + Guid.NewGuid().ToString("N");
            await using var connection = new MySqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var command = new MySqlCommand(
                "INSERT INTO partners (Id, Name, ApiKeyHash, ApiKeyHint, WebhookUrl, WebhookSecret, Enabled, CreatedAt) " +
                "VALUES (@id, 'Benchmark partner', @hash, @hint, NULL, @secret, 1, UTC_TIMESTAMP(6)) " +
                "ON DUPLICATE KEY UPDATE ApiKeyHash = @hash, ApiKeyHint = @hint, Enabled = 1", connection);
            command.Parameters.AddWithValue("@id", Id);
            command.Parameters.AddWithValue("@hash", PartnerAccount.Hash(key));
            command.Parameters.AddWithValue("@hint", key[^4..]);
            command.Parameters.AddWithValue("@secret", "whsec_" + Guid.NewGuid().ToString("N"));
            await command.ExecuteNonQueryAsync(ct);
            return key;
        }
    }

    /// <summary>
    /// Scenario 8: a burst of log-in posts with a valid anti-forgery pair (so the first ones are
    /// real password checks, 210,000 PBKDF2 rounds each) from one address, on every connection.
    /// The point is that the site stays up and answers 429 with Retry-After, not speed.
    /// </summary>
    internal static class LoginBurst
    {
        public static async Task<ScenarioResult> RunAsync(BenchSettings settings, SiteClient site, Wrk wrk, IReadOnlyList<SeededMember> members, string work, CancellationToken ct)
        {
            Console.WriteLine("==> 8. log-in burst against the rate limiter");
            var (cookie, token) = await site.LoginFormAsync(ct);
            var lines = Path.Combine(work, "burst.txt");
            await File.WriteAllLinesAsync(lines, members.Take(500).Select(m => $"Input.Email={Uri.EscapeDataString(m.Email)}&Input.Password=wrong+password+for+the+burst&__RequestVerificationToken={Uri.EscapeDataString(token)}"), ct);
            var before = await site.StatsAsync(ct);
            var run = await wrk.RunAsync(new WrkRequest("/account/login", "POST", "{1}", $"Cookie: {cookie}|Content-Type: application/x-www-form-urlencoded", lines),
                settings.Duration, ct: ct);
            var after = await site.StatsAsync(ct);

            using var probe = await site.PostLoginAsync(cookie, token, members[0].Email, "wrong password for the probe", ct);
            var retryAfter = probe.Headers.RetryAfter?.Delta;
            var limited = probe.StatusCode == HttpStatusCode.TooManyRequests && retryAfter is { TotalSeconds: > 0 };
            var note = limited
                ? $"{run.BadStatuses:N0} of {run.Requests:N0} answered 429; a post after the burst: 429, Retry-After {retryAfter!.Value.TotalSeconds:F0} s"
                : $"NOT LIMITED: a post after the burst answered {(int)probe.StatusCode}";
            Console.WriteLine($"    {note}");
            return new ScenarioResult(8, "log-in burst (one address)", run, null, false, (after.DbCommands - before.DbCommands) / (double)Math.Max(1, run.Requests),
                after.PeakMemoryKb / 1024.0, "req/s") { Note = note };
        }
    }
}
