using FanClub.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages;

/// <summary>Friendly page for errors and status codes: never a stack trace outside Development.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ErrorModel(IStringLocalizer<SharedResource> text) : PageModel
{
    public string Heading { get; private set; } = string.Empty;

    public string Explanation { get; private set; } = string.Empty;

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        var status = code ?? StatusCodes.Status500InternalServerError;
        (Heading, Explanation) = status switch
        {
            StatusCodes.Status404NotFound => (text["Error.NotFound"].Value, text["Error.NotFoundText"].Value),
            StatusCodes.Status403Forbidden => (text["Error.Forbidden"].Value, text["Error.ForbiddenText"].Value),
            StatusCodes.Status429TooManyRequests => (text["Error.TooManyRequests"].Value, text["Error.TooManyRequestsText"].Value),
            StatusCodes.Status400BadRequest => (text["Error.BadRequest"].Value, text["Error.BadRequestText"].Value),
            _ => (text["Error.Title"].Value, text["Error.Text"].Value),
        };
    }
}
