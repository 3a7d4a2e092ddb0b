using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FanClub.Benchmarks;

/// <summary>What the cluster runs reuse from the single-site run: the same members, cookies and partner key.</summary>
internal sealed record ClusterInputs(string MemberIdsFile, SignedInMembers Watchers, string PartnerBearer);

/// <summary>
/// <c>./fanclub bench --cluster</c>: after the single-site scenarios, the same database and inputs
/// served by 1, 2 and then 3 FanClub nodes (the published build, Production, on Redis) behind
/// nginx, measured with wrk through nginx on a short set of scenarios. On this 2-core machine every
/// node, MariaDB, Redis, nginx and wrk share the same CPUs: the figures show what running several
/// nodes costs, not a speed-up (docs/performance.md, "Cluster mode").
/// </summary>
internal static class ClusterMode
{
    private static readonly TimeSpan NodeStartTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Null unless <c>BENCH_CLUSTER=1</c> (set by <c>./fanclub bench --cluster</c>).</summary>
    public static async Task<ClusterResults?> RunIfEnabledAsync(BenchSettings settings, ClusterInputs inputs, CancellationToken ct)
    {
        if (ClusterSettings.FromEnvironment() is not { } cluster)
        {
            return null;
        }

        var scenarios = new (string Name, WrkRequest Request, bool SignedIn)[]
        {
            ("home page (anonymous)", new WrkRequest("/", Headers: "Accept-Language: en"), false),
            ("partner entitlement check (random members)",
                new WrkRequest("/api/partners/v1/members/{1}/access?key=stream:live", Headers: inputs.PartnerBearer, LinesFile: inputs.MemberIdsFile), false),
            ("stream-token minting (signed in)",
                new WrkRequest("/api/me/streams/main-stage/token", "POST", "{\"sessionId\":\"{2}\"}", "Cookie: {1}|Content-Type: application/json", inputs.Watchers.LinesFile), true),
        };

        Console.WriteLine($"==> cluster mode: Redis on {cluster.RedisPort}, nginx on {cluster.BalancerPort}, nodes on {string.Join(' ', cluster.NodePorts)}");
        var rows = new List<ClusterRow>();
        using var processes = new ChildProcesses(cluster.WorkFolder);
        await processes.StartRedisAsync(cluster, ct);
        var balancer = new Uri($"http://127.0.0.1:{cluster.BalancerPort}");
        var wrk = new Wrk(balancer, settings.WrkScript, settings.Threads, settings.Connections);
        using var site = new SiteClient(balancer);
        for (var nodes = 1; nodes <= cluster.NodePorts.Count; nodes++)
        {
            await processes.StartNodeAsync(cluster, nodes, ct);
            await processes.RestartNginxAsync(cluster, nodes, ct);
            Console.WriteLine($"==> cluster: {nodes} node(s) behind nginx");
            foreach (var (name, request, signedIn) in scenarios)
            {
                if (signedIn)
                {
                    // Fresh cookies, as for the single site (SignedInMembers says why).
                    await inputs.Watchers.SignInAsync(site, ct);
                }

                // A second of the same load first: a node that just started compiles its hot paths then, not in the measure.
                await wrk.RunAsync(request, TimeSpan.FromSeconds(1), ct: ct);
                var run = await wrk.RunAsync(request, settings.Duration, ct: ct);
                var row = new ClusterRow(nodes, name, run);
                rows.Add(row);
                Console.WriteLine($"    {name}: {run.RequestsPerSecond:N0} req/s, p50 {run.P50Microseconds / 1000.0:F2} ms, p99 {run.P99Microseconds / 1000.0:F2} ms, errors {row.Errors}");
            }
        }

        return new ClusterResults(rows, settings.Threads, settings.Connections, settings.Duration);
    }

    /// <summary>Redis, the nodes and nginx, started here and killed when the cluster runs end, whatever happened.</summary>
    private sealed class ChildProcesses(string work) : IDisposable
    {
        private readonly List<Process> _nodes = [];
        private readonly List<LogFile> _logs = [];
        private Process? _redis;
        private Process? _nginx;

        public async Task StartRedisAsync(ClusterSettings cluster, CancellationToken ct)
        {
            var folder = Directory.CreateDirectory(Path.Combine(work, "redis")).FullName;
            _redis = Start(cluster.RedisServer, ["--bind", "127.0.0.1", "--port", Text(cluster.RedisPort), "--save", "", "--appendonly", "no", "--dir", folder],
                null, folder, Path.Combine(folder, "redis.log"));
            await WaitForPortAsync(_redis, cluster.RedisPort, "redis-server", ct);
        }

        /// <summary>Node <paramref name="index"/> (1-based) on its port, with the site's settings plus Redis, until /health/ready answers.</summary>
        public async Task StartNodeAsync(ClusterSettings cluster, int index, CancellationToken ct)
        {
            var port = cluster.NodePorts[index - 1];
            var environment = new Dictionary<string, string>(cluster.NodeEnvironment)
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Text(port)}",
                ["ConnectionStrings__Redis"] = $"127.0.0.1:{Text(cluster.RedisPort)}",
                ["Demo__Seed"] = "false",
            };
            var log = Path.Combine(work, $"node-{index}.log");
            var node = Start("dotnet", ["FanClub.Web.dll"], environment, cluster.PublishFolder, log);
            _nodes.Add(node);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (node.HasExited)
                {
                    throw new InvalidOperationException($"cluster node {index} exited while starting (log: {log})");
                }

                try
                {
                    using var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{Text(port)}/health/ready"), ct);
                    if (ready.StatusCode == HttpStatusCode.OK)
                    {
                        Console.WriteLine($"    node {index} ready on {port} in {clock.Elapsed.TotalSeconds:F1} s");
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    // Busy starting.
                }

                if (clock.Elapsed > NodeStartTimeout)
                {
                    throw new TimeoutException($"cluster node {index} was not ready within {NodeStartTimeout.TotalSeconds} s (log: {log})");
                }

                await Task.Delay(250, ct);
            }
        }

        /// <summary>nginx balancing over the first <paramref name="nodes"/> nodes, as <c>./fanclub cluster</c> configures it.</summary>
        public async Task RestartNginxAsync(ClusterSettings cluster, int nodes, CancellationToken ct)
        {
            Stop(_nginx);
            var folder = Directory.CreateDirectory(Path.Combine(work, "nginx")).FullName;
            var config = Path.Combine(folder, "nginx.conf");
            await File.WriteAllTextAsync(config, NginxConfig(folder, cluster.BalancerPort, cluster.NodePorts.Take(nodes)), ct);
            _nginx = Start(cluster.Nginx, ["-p", folder + "/", "-c", config, "-e", Path.Combine(folder, "error.log"), "-g", "daemon off;"],
                null, folder, Path.Combine(folder, "nginx.out"));
            await WaitForPortAsync(_nginx, cluster.BalancerPort, "nginx", ct);
        }

        public void Dispose()
        {
            Stop(_nginx);
            foreach (var node in _nodes)
            {
                Stop(node);
            }

            Stop(_redis);
            foreach (var log in _logs)
            {
                log.Dispose();
            }
        }

        private static string NginxConfig(string folder, int port, IEnumerable<int> nodes)
        {
            var servers = string.Concat(nodes.Select(n => $"        server 127.0.0.1:{Text(n)} max_fails=1 fail_timeout=5s;\n"));
            return string.Create(CultureInfo.InvariantCulture, $$"""
                master_process off;
                worker_processes 1;
                pid {{folder}}/nginx.pid;
                error_log {{folder}}/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path {{folder}}/tmp-body;
                    proxy_temp_path {{folder}}/tmp-proxy;
                    fastcgi_temp_path {{folder}}/tmp-fastcgi;
                    uwsgi_temp_path {{folder}}/tmp-uwsgi;
                    scgi_temp_path {{folder}}/tmp-scgi;
                    upstream fanclub {
                {{servers}}        keepalive 64;
                    }
                    server {
                        listen 127.0.0.1:{{port}};
                        location / {
                            proxy_pass http://fanclub;
                            proxy_http_version 1.1;
                            proxy_set_header Host $http_host;
                            proxy_set_header Connection "";
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_connect_timeout 2s;
                            proxy_next_upstream error timeout http_502 http_503 http_504;
                            proxy_next_upstream_tries 3;
                        }
                    }
                }
                """);
        }

        private Process Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, string folder, string log)
        {
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = folder,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[key] = value;
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
            var output = new LogFile(log);
            _logs.Add(output);
            process.OutputDataReceived += (_, e) => output.Write(e.Data);
            process.ErrorDataReceived += (_, e) => output.Write(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

        private static void Stop(Process? process)
        {
            if (process is null)
            {
                return;
            }

            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        private static async Task WaitForPortAsync(Process process, int port, string what, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{what} exited at start (its log is in the benchmark work folder).");
                }

                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, port, ct);
                    return;
                }
                catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(15))
                {
                    await Task.Delay(50, ct);
                }
            }
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A child's output, appended line by line; lines after <see cref="Dispose"/> (a dying child's last words) are dropped.</summary>
    private sealed class LogFile(string path) : IDisposable
    {
        private readonly StreamWriter _writer = new(path, append: true) { AutoFlush = true };
        private readonly Lock _gate = new();
        private bool _closed;

        public void Write(string? line)
        {
            lock (_gate)
            {
                if (line is not null && !_closed)
                {
                    _writer.WriteLine(line);
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _closed = true;
                _writer.Dispose();
            }
        }
    }
}

/// <summary>Where and how <c>./fanclub bench --cluster</c> runs the nodes, from its <c>BENCH_CLUSTER_*</c> variables.</summary>
internal sealed record ClusterSettings(
    string PublishFolder, string WorkFolder, IReadOnlyDictionary<string, string> NodeEnvironment, IReadOnlyList<int> NodePorts,
    int BalancerPort, int RedisPort, string RedisServer, string Nginx)
{
    public static ClusterSettings? FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable("BENCH_CLUSTER") != "1")
        {
            return null;
        }

        static string Require(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set (./fanclub bench --cluster sets it).");
        static int Port(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

        // KEY=VALUE lines: the settings the single site runs with (database, Stripe, secrets, key folders).
        var environment = File.ReadAllLines(Require("BENCH_CLUSTER_NODE_ENV"))
            .Where(line => line.Contains('=', StringComparison.Ordinal))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        var ports = Require("BENCH_CLUSTER_NODE_PORTS").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Port).Take(3).ToList();
        return new ClusterSettings(Require("BENCH_CLUSTER_PUBLISH"), Require("BENCH_CLUSTER_WORK"), environment, ports,
            Port(Require("BENCH_CLUSTER_PORT")), Port(Require("BENCH_CLUSTER_REDIS_PORT")), Require("BENCH_REDIS"), Require("BENCH_NGINX"));
    }
}

/// <summary>One scenario measured through nginx with <see cref="Nodes"/> nodes behind it.</summary>
internal sealed record ClusterRow(int Nodes, string Scenario, WrkResult Run)
{
    public long Errors => Run.SocketErrors + Run.BadStatuses;
}

/// <summary>The "cluster" section of bench/results/&lt;date&gt;.md and .json.</summary>
internal sealed class ClusterResults(IReadOnlyList<ClusterRow> rows, int threads, int connections, TimeSpan duration)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public IReadOnlyList<ClusterRow> Rows => rows;

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine("## Cluster mode: 1, 2 and 3 nodes behind nginx");
        md.AppendLine();
        md.AppendLine(Invariant, $"Same database and inputs as above; each node is the published site (Production) on Redis (output cache, SignalR backplane, notices, rate-limit counters); wrk: {threads} threads, {connections} connections, {duration.TotalSeconds:F0} s per run through nginx, after a 1 s warm-up. ");
        md.AppendLine(Invariant, $"**{Environment.ProcessorCount} cores for everything**: every node shares them with MariaDB, Redis, nginx, wrk and the idle single site, so more nodes show the cost of running them, not a speed-up.");
        md.AppendLine();
        md.AppendLine("| scenario | nodes | rate | p50 ms | p99 ms | errors | vs 1 node |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        // Grouped by scenario, in the order they ran, then by node count.
        var order = rows.Select(r => r.Scenario).Distinct(StringComparer.Ordinal).ToList();
        foreach (var row in rows.OrderBy(r => order.IndexOf(r.Scenario)).ThenBy(r => r.Nodes))
        {
            var one = rows.First(r => r.Scenario == row.Scenario && r.Nodes == 1).Run.RequestsPerSecond;
            md.AppendLine(Invariant,
                $"| {row.Scenario} | {row.Nodes} | {row.Run.RequestsPerSecond:N0} req/s | {row.Run.P50Microseconds / 1000.0:F2} | {row.Run.P99Microseconds / 1000.0:F2} | {row.Errors:N0} | {row.Run.RequestsPerSecond / Math.Max(1, one):F2} |");
        }

        return md.ToString();
    }

    public object Json() => new
    {
        threads,
        connections,
        durationSeconds = duration.TotalSeconds,
        cores = Environment.ProcessorCount,
        runs = rows.Select(r => new
        {
            nodes = r.Nodes,
            scenario = r.Scenario,
            rate = r.Run.RequestsPerSecond,
            requests = r.Run.Requests,
            p50Ms = r.Run.P50Microseconds / 1000.0,
            p99Ms = r.Run.P99Microseconds / 1000.0,
            errors = r.Errors,
        }),
    };
}
