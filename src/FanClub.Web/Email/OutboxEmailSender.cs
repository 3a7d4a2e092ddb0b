using System.Text.Json;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Email;

/// <summary>
/// The development outbox: each message is a JSON file, newest last, so the confirmation flow
/// works offline and tests can open the mail a member would have received.
/// </summary>
public sealed partial class OutboxEmailSender(
    IOptions<EmailOptions> options, IHostEnvironment environment, TimeProvider clock, ILogger<OutboxEmailSender> logger)
    : IEmailSender, IEmailOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Folder { get; } = Path.GetFullPath(options.Value.OutboxPath, environment.ContentRootPath);

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        Directory.CreateDirectory(Folder);
        var sentAt = clock.GetUtcNow();
        var id = $"{sentAt:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}";
        var stored = new StoredEmail(id, sentAt, message.To, message.Subject, message.TextBody, message.HtmlBody);
        var path = Path.Combine(Folder, id + ".json");
        await using (var file = File.Create(path + ".tmp"))
        {
            await JsonSerializer.SerializeAsync(file, stored, Json, cancellationToken);
        }

        // Rename after writing so a reader never sees half a message.
        File.Move(path + ".tmp", path);
        LogStored(logger, id);
    }

    public IReadOnlyList<StoredEmail> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(Folder, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => JsonSerializer.Deserialize<StoredEmail>(File.ReadAllText(path), Json)!)];
    }

    public StoredEmail? Find(string id) => List().FirstOrDefault(m => m.Id == id);

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail {MessageId} written to the development outbox")]
    private static partial void LogStored(ILogger logger, string messageId);
}

/// <summary>A message as the outbox keeps it.</summary>
public sealed record StoredEmail(string Id, DateTimeOffset SentAt, string To, string Subject, string TextBody, string HtmlBody);

/// <summary>Reads the development outbox (the <c>/dev/mail</c> page and tests).</summary>
public interface IEmailOutbox
{
    IReadOnlyList<StoredEmail> List();

    StoredEmail? Find(string id);
}
