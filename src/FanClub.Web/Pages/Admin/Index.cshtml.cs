using FanClub.Web.Admin.Dashboard;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FanClub.Web.Pages.Admin;

/// <summary>The admin dashboard: how the club is doing now and over the last 90 days.</summary>
public sealed class IndexModel(DashboardQuery dashboard) : PageModel
{
    public DashboardFigures Figures { get; private set; } = null!;

    public DashboardChart? Chart { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Figures = await dashboard.GetAsync(ct);
        Chart = DashboardChart.For(Figures);
    }
}
