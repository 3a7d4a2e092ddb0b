using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FanClub.Web.Pages.Admin;

/// <summary>The console's home; the dashboard takes its place.</summary>
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
