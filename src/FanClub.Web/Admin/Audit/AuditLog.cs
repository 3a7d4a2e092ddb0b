using System.Security.Claims;
using System.Text.Json;
using FanClub.Web.Data;

namespace FanClub.Web.Admin.Audit;

internal sealed class AuditLog(FanClubDbContext db, IHttpContextAccessor http, TimeProvider clock) : IAuditLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        Guid? memberId = null;
        if (record.MemberId is not null)
        {
            memberId = Guid.TryParse(record.MemberId, out var parsed)
                ? parsed
                : throw new ArgumentException($"MemberId '{record.MemberId}' is not a member id.", nameof(record));
        }

        var user = http.HttpContext?.User;
        Guid? actorId = Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
        // The user name is the e-mail address (registration and e-mail changes keep them equal).
        var actorEmail = actorId is null || user is null ? "system" : user.Identity?.Name ?? string.Empty;
        var ip = http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        db.Add(AuditEntry.Create(
            clock.GetUtcNow(),
            actorId,
            Truncate(actorEmail, AuditEntry.EmailLength),
            ip,
            record.Action,
            record.TargetType,
            Truncate(record.TargetId, AuditEntry.TargetIdLength),
            memberId,
            record.Reason is null ? null : Truncate(record.Reason.Trim(), AuditEntry.ReasonLength),
            record.Before is null ? null : JsonSerializer.Serialize(record.Before, Json),
            record.After is null ? null : JsonSerializer.Serialize(record.After, Json)));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
