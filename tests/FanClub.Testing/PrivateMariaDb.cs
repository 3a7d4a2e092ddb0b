using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MySqlConnector;

namespace FanClub.Testing;

/// <summary>
/// A MariaDB server of a test's own (its own datadir, socket and free port), which the test may kill
/// and start again: the shared test server must never be stopped, other test collections run on it.
/// Durable settings (the default flush at every commit), because what it proves is that nothing
/// committed is lost when the server dies.
/// </summary>
public sealed class PrivateMariaDb : IAsyncDisposable
{
    private readonly string _folder;
    private Process? _server;

    private PrivateMariaDb(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Root over TCP, no password (as mariadb-install-db leaves a fresh datadir), and short timeouts.</summary>
    public string ServerConnectionString => $"Server=127.0.0.1;Port={Port};User=root;Connection Timeout=3;Default Command Timeout=15";

    private string DataDir => Path.Combine(_folder, "data");

    public static async Task<PrivateMariaDb> StartAsync()
    {
        // Under /tmp: a unix socket path is limited to 107 bytes.
        var folder = Path.Combine("/tmp", "fcdb-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        var db = new PrivateMariaDb(folder, FreePort());
        await RunAsync(Tool("mariadb-install-db"), $"--no-defaults --datadir={db.DataDir} --user=root --auth-root-authentication-method=normal --skip-test-db");
        await db.StartServerAsync();
        return db;
    }

    /// <summary>SIGKILL, as a crash or an OOM kill would: no clean shutdown, no flush beyond what each commit did.</summary>
    public async Task KillAsync()
    {
        if (_server is { HasExited: false } server)
        {
            server.Kill();
            await server.WaitForExitAsync();
        }

        _server?.Dispose();
        _server = null;
    }

    /// <summary>Starts the server again on the same datadir and port (crash recovery included) and waits until it answers.</summary>
    public Task RestartAsync() => StartServerAsync();

    private async Task StartServerAsync()
    {
        var start = new ProcessStartInfo(Tool("mariadbd"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--no-defaults", $"--datadir={DataDir}", $"--socket={Path.Combine(_folder, "mysqld.sock")}", $"--port={Port}",
            "--bind-address=127.0.0.1", "--user=root", $"--pid-file={Path.Combine(_folder, "mysqld.pid")}",
            $"--log-error={Path.Combine(_folder, "mysqld.log")}", "--skip-name-resolve", "--character-set-server=utf8mb4",
            "--innodb-buffer-pool-size=64M", "--max-connections=200",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start) ?? throw new InvalidOperationException("mariadbd did not start.");
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = new MySqlConnection(ServerConnectionString + ";Pooling=false");
                await connection.OpenAsync();
                return;
            }
            catch (MySqlException) when (DateTime.UtcNow < deadline && !_server.HasExited)
            {
                await Task.Delay(200);
            }
            catch (MySqlException e)
            {
                var log = Path.Combine(_folder, "mysqld.log");
                throw new InvalidOperationException($"mariadbd did not answer: {e.Message}\n{(File.Exists(log) ? await File.ReadAllTextAsync(log) : string.Empty)}", e);
            }
        }
    }

    private static readonly string[] ToolFolders = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"];

    private static string Tool(string name) =>
        ToolFolders.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not installed (./fanclub test installs mariadb-server).");

    private static async Task RunAsync(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {arguments} failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await KillAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: /tmp is cleaned eventually, and the name is unique.
        }
    }
}
