using System.Text.Json;
using FanClub.StripeSandbox.Infrastructure;

namespace FanClub.StripeSandbox.Store;

/// <summary>
/// The one place state lives. A single lock keeps it simple and correct: the sandbox serves a
/// handful of developers and tests, not production traffic. When <c>Sandbox:StatePath</c> is set,
/// every change is written to that file (atomically, via a temporary file) and read back at start.
/// </summary>
internal sealed partial class SandboxStore
{
    private static readonly JsonSerializerOptions FileFormat = new() { WriteIndented = false };

    private readonly Lock gate = new();
    private readonly SandboxClock clock;
    private readonly string? path;
    private readonly ILogger<SandboxStore> logger;
    private readonly SandboxState state;

    public SandboxStore(StripeSandboxOptions options, SandboxClock clock, ILogger<SandboxStore> logger)
    {
        this.clock = clock;
        this.logger = logger;
        path = options.StatePath is { Length: > 0 } configured ? Path.GetFullPath(configured) : null;
        var saved = Load();
        if (saved is not null)
        {
            // A saved sandbox keeps its own date; Sandbox:InitialTime only applies to a fresh one.
            clock.Offset = saved.ClockOffset;
        }

        state = saved ?? new SandboxState();
    }

    public T Read<T>(Func<SandboxState, T> read)
    {
        lock (gate)
        {
            return read(state);
        }
    }

    public T Write<T>(Func<SandboxState, T> write)
    {
        lock (gate)
        {
            try
            {
                return write(state);
            }
            finally
            {
                // Saved even when the change stopped half-way, so the file matches memory.
                Save();
            }
        }
    }

    public void Write(Action<SandboxState> write) => Write(s =>
    {
        write(s);
        return true;
    });

    private SandboxState? Load()
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        using var file = File.OpenRead(path);
        var loaded = JsonSerializer.Deserialize<SandboxState>(file, FileFormat);
        LogLoaded(path);
        return loaded;
    }

    private void Save()
    {
        if (path is null)
        {
            return;
        }

        state.ClockOffset = clock.Offset;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(state, FileFormat));
        File.Move(temporary, path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox state loaded from {Path}")]
    private partial void LogLoaded(string path);
}
