using FanClub.Domain.Common;
using FanClub.Domain.Partners;
using FanClub.Web.Admin;
using FanClub.Web.Admin.Partners;
using FanClub.Web.Infrastructure;
using FanClub.Web.Localization;
using FanClub.Web.Partners;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Admin.Partners;

/// <summary>What a partner action needs from the form: which partner, the version it acts on, and why.</summary>
public sealed class PartnerActionInput
{
    public string PartnerId { get; set; } = string.Empty;

    /// <summary>The key or secret version the page showed; a second submit of the same form finds it already rotated.</summary>
    public int Version { get; set; }

    public string Reason { get; set; } = string.Empty;
}

public sealed class PartnerActionInputValidator : AbstractValidator<PartnerActionInput>
{
    public PartnerActionInputValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(i => i.PartnerId).NotEmpty().MaximumLength(40);
        RuleFor(i => i.Reason).NotEmpty().MaximumLength(500).WithMessage(text["AdminActions.ReasonRequired"]);
    }
}

/// <summary>
/// Partner modules running in this host (from configuration, read-only here) with their resources, and
/// the external partners: enable, disable, rotate the API key or the webhook secret. Each of those
/// can cut a partner off, so the page needs a recent sign-in.
/// </summary>
[RequireRecentAuthentication]
public sealed class IndexModel(PartnerAdmin partners, PartnerCatalog catalog, IValidator<PartnerActionInput> validator, IStringLocalizer<SharedResource> text)
    : PageModel
{
    [BindProperty]
    public PartnerActionInput Input { get; set; } = new();

    public IReadOnlyCollection<PartnerManifest> Modules => catalog.Manifests;

    public IReadOnlyList<PartnerSummary> Partners { get; private set; } = [];

    /// <summary>A key or secret just made, shown this once (it is never stored in clear, or never shown again).</summary>
    public (string PartnerId, string Label, string Value)? Revealed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostEnableAsync(CancellationToken ct) =>
        ActAsync(() => partners.SetEnabledAsync(Input.PartnerId, true, Input.Reason.Trim(), ct), "AdminPartners.Enabled", ct);

    public Task<IActionResult> OnPostDisableAsync(CancellationToken ct) =>
        ActAsync(() => partners.SetEnabledAsync(Input.PartnerId, false, Input.Reason.Trim(), ct), "AdminPartners.Disabled", ct);

    public Task<IActionResult> OnPostRotateKeyAsync(CancellationToken ct) =>
        RevealAsync(() => partners.RotateApiKeyAsync(Input.PartnerId, Input.Version, Input.Reason.Trim(), ct), "AdminPartners.NewApiKey", ct);

    public Task<IActionResult> OnPostRotateSecretAsync(CancellationToken ct) =>
        RevealAsync(() => partners.RotateWebhookSecretAsync(Input.PartnerId, Input.Version, Input.Reason.Trim(), ct), "AdminPartners.NewSecret", ct);

    private async Task<IActionResult> ActAsync(Func<Task<Result<bool>>> action, string doneKey, CancellationToken ct)
    {
        if (!await ValidAsync(ct))
        {
            return await PageAsync(ct);
        }

        var result = await action();
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, AdminMessages.For(result.Failure!, text));
            return await PageAsync(ct);
        }

        TempData["Status"] = result.Value ? text[doneKey, Input.PartnerId].Value : text["AdminPartners.NothingChanged"].Value;
        return RedirectToPage();
    }

    /// <summary>Answers with the page itself, not a redirect: the new value must not travel through TempData or a URL.</summary>
    private async Task<IActionResult> RevealAsync(Func<Task<Result<string>>> rotate, string labelKey, CancellationToken ct)
    {
        if (!await ValidAsync(ct))
        {
            return await PageAsync(ct);
        }

        var result = await rotate();
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, AdminMessages.For(result.Failure!, text));
            return await PageAsync(ct);
        }

        Revealed = (Input.PartnerId, text[labelKey, Input.PartnerId].Value, result.Value);
        return await PageAsync(ct);
    }

    private async Task<bool> ValidAsync(CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(Input, ct);
        ModelState.AddValidationErrors(validation);
        return validation.IsValid;
    }

    private async Task<IActionResult> PageAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Partners = await partners.ListAsync(ct);
    }
}
