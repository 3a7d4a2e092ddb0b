using System.Text;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;
using FanClub.Web.Admin;
using FanClub.Web.Admin.Members;
using FanClub.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Pages.Admin.Members;

/// <summary>Find a member by e-mail, name or Stripe customer id; filter by tier and status; export as CSV.</summary>
public sealed class IndexModel(MemberDirectory directory, FanClubDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "tier")]
    public Guid? TierId { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public SubscriptionStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "after")]
    public string? After { get; set; }

    public MemberPage Results { get; private set; } = new([], null);

    public IReadOnlyList<Tier> Tiers { get; private set; } = [];

    private MemberQuery Query => new(Text, TierId, Status, After);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Tiers = await db.Tiers.AsNoTracking().OrderBy(t => t.SortOrder).ToListAsync(cancellationToken);
        Results = await directory.SearchAsync(Query, cancellationToken);
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        await StartCsvAsync("members.csv", Csv.Line("id", "email", "display_name", "created_at", "stripe_customer_id", "tier_id", "status"), cancellationToken);
        await foreach (var row in directory.ExportAsync(Query with { After = null }, cancellationToken))
        {
            await WriteAsync(Csv.Line(row.Id, row.Email, row.DisplayName, row.CreatedAt, row.StripeCustomerId, row.TierId, row.Status?.ToString()), cancellationToken);
        }

        return new EmptyResult();
    }

    public async Task<IActionResult> OnGetExportPaymentsAsync(CancellationToken cancellationToken)
    {
        await StartCsvAsync("payments.csv",
            Csv.Line("id", "member_id", "email", "kind", "stripe_id", "status", "amount_minor", "currency", "refunded_minor", "created_at", "paid_at"), cancellationToken);
        await foreach (var (payment, email) in directory.ExportPaymentsAsync(cancellationToken))
        {
            await WriteAsync(Csv.Line(payment.Id, payment.MemberId, email, payment.Kind.ToString(), payment.StripeObjectId, payment.Status.ToString(),
                payment.Amount.AmountMinor, payment.Amount.Currency, payment.AmountRefundedMinor, payment.CreatedAt, payment.PaidAt), cancellationToken);
        }

        return new EmptyResult();
    }

    /// <summary>A link to this search with <paramref name="after"/> as the page cursor.</summary>
    public string PageLink(string? after)
    {
        var query = new Dictionary<string, string?> { ["q"] = Text, ["tier"] = TierId?.ToString(), ["status"] = Status?.ToString(), ["after"] = after };
        return "/admin/members" + QueryString.Create(query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    public string ExportLink(string handler)
    {
        var query = new Dictionary<string, string?> { ["handler"] = handler, ["q"] = Text, ["tier"] = TierId?.ToString(), ["status"] = Status?.ToString() };
        return "/admin/members" + QueryString.Create(query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    private async Task StartCsvAsync(string fileName, string header, CancellationToken ct)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await WriteAsync(header, ct);
    }

    private async Task WriteAsync(string line, CancellationToken ct) => await Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
}
