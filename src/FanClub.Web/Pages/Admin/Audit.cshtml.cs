using System.Text;
using FanClub.Web.Admin;
using FanClub.Web.Admin.Audit;
using FanClub.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Pages.Admin;

/// <summary>The audit log: newest first, filtered by action, actor, member and dates, paged by id, exportable as CSV. Read-only.</summary>
public sealed class AuditModel(FanClubDbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionName { get; set; }

    [BindProperty(SupportsGet = true, Name = "actor")]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "member")]
    public Guid? MemberId { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "before")]
    public long? Before { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public long? Next { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var page = await Filtered(Before).Take(PageSize + 1).ToListAsync(cancellationToken);
        Next = page.Count > PageSize ? page[PageSize - 1].Id : null;
        Entries = [.. page.Take(PageSize)];
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"audit-log.csv\"";
        await WriteAsync(Csv.Line("id", "at", "actor_id", "actor_email", "ip", "action", "target_type", "target_id", "member_id", "reason", "before", "after"), cancellationToken);
        long? before = null;
        while (true)
        {
            var batch = await Filtered(before).Take(1000).ToListAsync(cancellationToken);
            foreach (var e in batch)
            {
                await WriteAsync(Csv.Line(e.Id, e.At, e.ActorId, e.ActorEmail, e.IpAddress, e.Action, e.TargetType, e.TargetId, e.MemberId, e.Reason, e.Before, e.After),
                    cancellationToken);
            }

            if (batch.Count < 1000)
            {
                return new EmptyResult();
            }

            before = batch[^1].Id;
        }
    }

    public string Link(string? handler, long? before)
    {
        var query = new Dictionary<string, string?>
        {
            ["handler"] = handler,
            ["action"] = ActionName,
            ["actor"] = Actor,
            ["member"] = MemberId?.ToString(),
            ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["before"] = before?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return "/admin/audit" + QueryString.Create(query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    private IQueryable<AuditEntry> Filtered(long? before)
    {
        var entries = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(ActionName))
        {
            entries = entries.Where(e => e.Action == ActionName.Trim());
        }

        if (!string.IsNullOrWhiteSpace(Actor))
        {
            entries = entries.Where(e => e.ActorEmail == Actor.Trim());
        }

        if (MemberId is { } member)
        {
            entries = entries.Where(e => e.MemberId == member);
        }

        if (From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            entries = entries.Where(e => e.At >= start);
        }

        if (To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            entries = entries.Where(e => e.At < end);
        }

        if (before is { } id)
        {
            entries = entries.Where(e => e.Id < id);
        }

        return entries.OrderByDescending(e => e.Id);
    }

    private async Task WriteAsync(string line, CancellationToken ct) => await Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
}
