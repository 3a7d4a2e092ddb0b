using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FanClub.Web.Tests.Partners;

/// <summary>
/// Debian's nginx, started for the test class as a foreground child process with its own config in a
/// temporary folder, serving a generated HLS sample for streams s1 and s2 behind <c>secure_link</c>.
/// It has no upstream: it decides from the URL alone, as a CDN edge would.
/// </summary>
public sealed class NginxServer : IAsyncLifetime
{
    /// <summary>The secret written into secure_link_md5; the tests sign with the same one.</summary>
    public const string Secret = "nginx-test-secret-0123456789abcdefghij";

    public static readonly string[] Streams = ["s1", "s2"];

    public static readonly string[] Segments = ["seg0.ts", "seg1.ts", "seg2.ts"];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("fanclub-nginx-");
    private readonly StringBuilder _output = new();
    private Process? _process;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The folder nginx serves as <c>/live/</c> (one directory per stream).</summary>
    public string LiveFolder => Path.Combine(_root.FullName, "html", "live");

    /// <summary>The nginx error log, for failure messages.</summary>
    public string ErrorLog => File.Exists(ErrorLogPath) ? File.ReadAllText(ErrorLogPath) : "(no error log)";

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private string ErrorLogPath => Path.Combine(_root.FullName, "error.log");

    public async Task InitializeAsync()
    {
        var nginx = FindNginx();
        WriteSample();
        var port = FreePort();
        var config = Path.Combine(_root.FullName, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(port));

        var start = new ProcessStartInfo(nginx)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -e: the compiled-in /var/log/nginx/error.log is not ours to write.
        foreach (var argument in new[] { "-p", _root.FullName + "/", "-c", config, "-e", ErrorLogPath, "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {nginx}.");
        // Drained as it comes, so a chatty nginx can never block on a full pipe.
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            await WaitUntilListeningAsync(port);
        }
        catch
        {
            Stop();
            throw;
        }

        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Task DisposeAsync()
    {
        Stop();
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static string FindNginx()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("FANCLUB_NGINX"), "/usr/sbin/nginx", "/usr/bin/nginx" };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed: ./fanclub test installs it (Debian package nginx-light).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WriteSample()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "tmp"));
        foreach (var stream in Streams)
        {
            var folder = Directory.CreateDirectory(Path.Combine(_root.FullName, "html", "live", stream)).FullName;
            var playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n");
            foreach (var segment in Segments)
            {
                playlist.Append("#EXTINF:2.000,\n").Append(segment).Append('\n');
                // nginx only serves bytes; a recognisable MPEG-TS-sized payload is enough.
                File.WriteAllBytes(Path.Combine(folder, segment), SegmentBytes(stream, segment));
            }

            playlist.Append("#EXT-X-ENDLIST\n");
            File.WriteAllText(Path.Combine(folder, "index.m3u8"), playlist.ToString());
        }
    }

    /// <summary>The content of a sample segment: 188-byte packets starting with the MPEG-TS sync byte.</summary>
    public static byte[] SegmentBytes(string stream, string segment)
    {
        var bytes = new byte[188 * 4];
        var label = Encoding.ASCII.GetBytes($"{stream}/{segment}");
        for (var packet = 0; packet < 4; packet++)
        {
            bytes[packet * 188] = 0x47;
            label.CopyTo(bytes, (packet * 188) + 4);
        }

        return bytes;
    }

    // The configuration docs/partners.md gives partners, with test paths around it. Single process
    // (master_process off): it runs as the invoking user, with nothing to switch to or reap.
    private string Config(int port)
    {
        var root = _root.FullName;
        return string.Create(CultureInfo.InvariantCulture, $$"""
            master_process off;
            worker_processes 1;
            pid {{root}}/nginx.pid;
            error_log {{root}}/error.log info;
            events { worker_connections 64; }
            http {
                access_log {{root}}/access.log;
                client_body_temp_path {{root}}/tmp/body;
                proxy_temp_path {{root}}/tmp/proxy;
                fastcgi_temp_path {{root}}/tmp/fastcgi;
                uwsgi_temp_path {{root}}/tmp/uwsgi;
                scgi_temp_path {{root}}/tmp/scgi;
                types {
                    application/vnd.apple.mpegurl m3u8;
                    video/mp2t ts;
                }
                default_type application/octet-stream;

                server {
                    listen 127.0.0.1:{{port}};
                    root {{root}}/html;

                    location ~ ^/live/(?<stream>[^/]+)/ {
                        secure_link $arg_md5,$arg_expires;
                        secure_link_md5 "$secure_link_expires/live/$stream/ {{Secret}}";
                        if ($secure_link = "") { return 403; }
                        if ($secure_link = "0") { return 410; }
                    }

                    location / { return 404; }
                }
            }
            """);
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {Output}\n{ErrorLog}");
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"nginx did not listen on 127.0.0.1:{port} within {StartTimeout.TotalSeconds} s.\n{ErrorLog}");
    }

    private void Stop()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _process = null;
    }
}
