using System.Text.RegularExpressions;
using FanClub.Web.Email;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FanClub.Web.Pages.Dev;

/// <summary>
/// The development outbox in the browser, so the e-mail flows work with no mail server.
/// The page exists only in Development: elsewhere its route is removed at start-up.
/// </summary>
public sealed partial class MailModel(IEmailOutbox outbox, OutboxEmailSender files) : PageModel
{
    public IReadOnlyList<StoredEmail> Messages { get; private set; } = [];

    public StoredEmail? Message { get; private set; }

    public IReadOnlyList<string> Links { get; private set; } = [];

    public string Folder => files.Folder;

    public IActionResult OnGet(string? id)
    {
        Messages = outbox.List();
        if (id is not null)
        {
            Message = outbox.Find(id);
            if (Message is null)
            {
                return NotFound();
            }

            Links = [.. LinkPattern().Matches(Message.TextBody).Select(m => m.Value)];
        }

        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    [GeneratedRegex(@"https?://\S+", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();
}
