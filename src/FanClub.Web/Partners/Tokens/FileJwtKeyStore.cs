using System.Text.Json;

namespace FanClub.Web.Partners.Tokens;

/// <summary>
/// JWT keys as one JSON file per key (<c>{kid}.json</c>) in a folder only the site's user may read.
/// Writes go through a temporary file and a rename, so a reader never sees half a key.
/// </summary>
public sealed class FileJwtKeyStore : IJwtKeyStore
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public FileJwtKeyStore(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
    }

    public string Folder { get; }

    public IReadOnlyList<StoredJwtKey> LoadAll()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(Folder, "*.json")
            .Select(file => JsonSerializer.Deserialize<StoredJwtKey>(File.ReadAllText(file))
                ?? throw new InvalidDataException($"Empty JWT key file {file}."))];
    }

    public void Save(StoredJwtKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Folder);
        }
        else
        {
            Directory.CreateDirectory(Folder, OwnerOnlyFolder);
        }

        var path = PathOf(key.KeyId);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, key);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public void Delete(string keyId) => File.Delete(PathOf(keyId));

    // A kid is base64url; anything else could walk out of the folder.
    private string PathOf(string keyId) =>
        !string.IsNullOrEmpty(keyId) && keyId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? Path.Combine(Folder, keyId + ".json")
            : throw new ArgumentException($"'{keyId}' is not a key id.", nameof(keyId));
}
