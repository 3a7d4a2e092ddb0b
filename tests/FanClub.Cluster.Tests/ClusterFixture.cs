using System.Diagnostics;
using System.Globalization;
using System.Net;
using FanClub.StripeSandbox;
using FanClub.Testing;
using FanClub.Web.Data;
using FanClub.Web.Entitlements;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Cluster.Tests;

/// <summary>
/// A FanClub cluster on this machine, as <c>./fanclub cluster</c> runs one: Debian's redis-server,
/// three real FanClub.Web processes (<c>dotnet FanClub.Web.dll</c>, configured by environment like
/// any deployment) on one database of the test MariaDB, and nginx balancing over them. Each node has
/// a HOME of its own, so the only Data Protection keys they share are the database's. Payments go to
/// an in-process Stripe sandbox; partner webhooks to <see cref="PartnerReceiver"/>.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string StripeKey = "sk_test_fanclub_cluster";
    public const string StripeWebhookSecret = "whsec_fanclub_cluster_tests";
    public const int NodeCount = 3;

    /// <summary>The stream-token secret every node signs with (the demo stream <c>main-stage</c> of the live stream module).</summary>
    public const string NginxSecret = "fanclub-cluster-tests-nginx-secret-0123456789";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("fanclub-cluster-");
    private readonly ClusterNode[] _nodes = new ClusterNode[NodeCount];
    private TestDatabase? _database;
    private ChildProcess? _redis;
    private ChildProcess? _nginx;
    private StripeSandboxHost? _sandbox;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not started.");

    public StripeSandboxHost Sandbox => _sandbox ?? throw new InvalidOperationException("Fixture not started.");

    public PartnerReceiver PartnerReceiver { get; } = new();

    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    /// <summary>nginx, in front of every node.</summary>
    public Uri LoadBalancer { get; private set; } = new("http://127.0.0.1/");

    public int RedisPort { get; private set; }

    /// <summary>One secret for every node, as a deployment passes it: their rate-limit keys must meet in Redis.</summary>
    public string RateLimitKeySecret { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("cluster");
        RedisPort = ChildProcess.FreePort();
        _redis = ChildProcess.Start(Find("FANCLUB_REDIS", "redis-server", "/usr/bin/redis-server"),
            ["--bind", "127.0.0.1", "--port", RedisPort.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", _root.FullName]);
        await _redis.WaitForPortAsync(RedisPort, TimeSpan.FromSeconds(15), "redis-server");
        _sandbox = await StripeSandboxHost.StartAsync(new StripeSandboxOptions());
        PartnerReceiver.Start();

        for (var i = 0; i < NodeCount; i++)
        {
            _nodes[i] = new ClusterNode(i + 1, ChildProcess.FreePort(), this);
        }

        // The first node alone: it creates the Data Protection and JWT keys the others load.
        await _nodes[0].StartAsync(StartTimeout);
        await Task.WhenAll(_nodes.Skip(1).Select(n => n.StartAsync(StartTimeout)));
        await StartNginxAsync();
    }

    public async Task DisposeAsync()
    {
        _nginx?.Dispose();
        foreach (var node in _nodes)
        {
            node?.Dispose();
        }

        _redis?.Dispose();
        PartnerReceiver.Dispose();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _root.Delete(recursive: true);
    }

    /// <summary>
    /// The app's DbContext as a node builds it: saving a comp or a ban records the entitlement change.
    /// This process has no node's cache: the nodes learn of its changes through their change feed.
    /// </summary>
    public FanClubDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<FanClubDbContext>();
        DataServiceCollectionExtensions.ConfigureMariaDb(options, Database.ConnectionString);
        options.AddInterceptors(new EntitlementChangeInterceptor(TimeProvider.System, new EntitlementCache(), new NoOtherNodes()));
        return new FanClubDbContext(options.Options);
    }

    /// <summary>What every node is started with: the deployment's settings, by environment variable.</summary>
    internal Dictionary<string, string> NodeEnvironment(ClusterNode node) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["ASPNETCORE_URLS"] = node.BaseAddress.GetLeftPart(UriPartial.Authority),
        ["HOME"] = Directory.CreateDirectory(Path.Combine(_root.FullName, $"home-{node.Index}")).FullName,
        ["ConnectionStrings__FanClub"] = Database.ConnectionString + ";Maximum Pool Size=50",
        ["ConnectionStrings__Redis"] = $"127.0.0.1:{RedisPort}",
        ["RateLimiting__KeySecret"] = RateLimitKeySecret,
        ["Demo__Seed"] = "false",
        ["Email__OutboxPath"] = Path.Combine(_root.FullName, "mail"),
        ["Partners__Tokens__JwtKeyFolder"] = Path.Combine(_root.FullName, "jwt"),
        ["Partners__Tokens__NginxSecret"] = NginxSecret,
        ["Stripe__SecretKey"] = StripeKey,
        ["Stripe__WebhookSecret"] = StripeWebhookSecret,
        ["Stripe__ApiBase"] = Sandbox.ApiBase,
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__FanClub"] = "Information",
    };

    internal static string WebAssembly()
    {
        // The web project's own build output, run from its folder (its content root), as ./fanclub does.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(WebProjectFolder(), "bin", configuration, "net10.0", "FanClub.Web.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution first.");
    }

    internal static string WebProjectFolder() => Path.Combine(RepositoryRoot(), "src", "FanClub.Web");

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FanClub.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No FanClub.sln above {AppContext.BaseDirectory}.");
    }

    private static string Find(string variable, params string[] candidates) =>
        new[] { Environment.GetEnvironmentVariable(variable) }.Concat(candidates.Skip(1)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{candidates[0]} is not installed: ./fanclub test installs it.");

    private async Task StartNginxAsync()
    {
        var port = ChildProcess.FreePort();
        var config = Path.Combine(_root.FullName, "nginx.conf");
        await File.WriteAllTextAsync(config, NginxConfig(port));
        _nginx = ChildProcess.Start(Find("FANCLUB_NGINX", "nginx", "/usr/sbin/nginx"),
            ["-p", _root.FullName + "/", "-c", config, "-e", Path.Combine(_root.FullName, "nginx-error.log"), "-g", "daemon off;"]);
        await _nginx.WaitForPortAsync(port, TimeSpan.FromSeconds(15), "nginx");
        LoadBalancer = new Uri($"http://127.0.0.1:{port}/");
    }

    // The load balancer of ./fanclub cluster and docs/deployment.md: idempotent requests that fail
    // on a node before any answer are retried on the next; WebSockets pass through.
    private string NginxConfig(int port)
    {
        var root = _root.FullName;
        var servers = string.Concat(_nodes.Select(n => $"        server {n.BaseAddress.Authority} max_fails=1 fail_timeout=5s;\n"));
        return string.Create(CultureInfo.InvariantCulture, $$"""
            master_process off;
            worker_processes 1;
            pid {{root}}/nginx.pid;
            error_log {{root}}/nginx-error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{root}}/tmp-body;
                proxy_temp_path {{root}}/tmp-proxy;
                fastcgi_temp_path {{root}}/tmp-fastcgi;
                uwsgi_temp_path {{root}}/tmp-uwsgi;
                scgi_temp_path {{root}}/tmp-scgi;
                map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
                upstream fanclub {
            {{servers}}        keepalive 64;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://fanclub;
                        proxy_http_version 1.1;
                        proxy_set_header Host $http_host;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_connect_timeout 2s;
                        proxy_read_timeout 1h;
                        proxy_next_upstream error timeout http_502 http_503 http_504;
                        proxy_next_upstream_tries 3;
                    }
                }
            }
            """);
    }
}

/// <summary>One FanClub.Web process of the cluster; it can be killed and started again on the same port.</summary>
public sealed class ClusterNode(int index, int port, ClusterFixture cluster) : IDisposable
{
    private ChildProcess? _process;

    public int Index { get; } = index;

    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{port}/");

    public string Output => _process?.Output ?? string.Empty;

    public async Task StartAsync(TimeSpan timeout)
    {
        _process?.Dispose();
        _process = ChildProcess.Start("dotnet", [ClusterFixture.WebAssembly()], cluster.NodeEnvironment(this), ClusterFixture.WebProjectFolder());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Node {Index} exited while starting:\n{_process.Output}");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri(BaseAddress, "health/ready"));
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Node {Index} was not ready within {timeout.TotalSeconds} s:\n{_process.Output}");
    }

    public void Kill() => _process?.Kill();

    public void Dispose() => _process?.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ClusterTestGroup : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
