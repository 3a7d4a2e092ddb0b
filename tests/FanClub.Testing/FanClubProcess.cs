using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FanClub.Testing;

/// <summary>
/// FanClub as its own process (the built <c>FanClub.Web.dll</c> on Kestrel), so a test can kill it
/// with SIGKILL mid-request, as the kernel's OOM killer or a pulled plug would, and start it again
/// on the same port and database.
/// </summary>
public sealed class FanClubProcess : IAsyncDisposable
{
    private readonly string _folder;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;

    public FanClubProcess(string siteFolder, IReadOnlyDictionary<string, string> environment)
    {
        _folder = siteFolder;
        _environment = environment;
        Port = FreePort();
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>What the process printed, for failure messages.</summary>
    public ConcurrentLog Output { get; } = new();

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(_folder, "FanClub.Web.dll"));
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Output.Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Output.Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"FanClub exited with {_process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
                if (live.IsSuccessStatusCode)
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
                // Starting slowly.
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"FanClub did not answer /health/live within 60 s:\n{Output}");
    }

    /// <summary>SIGKILL: no graceful shutdown, no finally blocks, no flushing.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Lines a process wrote, thread-safe.</summary>
    public sealed class ConcurrentLog
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
            }
        }

        public override string ToString() => string.Join('\n', _lines.TakeLast(60));
    }
}
