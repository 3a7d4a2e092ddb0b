using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FanClub.Web.Infrastructure;

public static class ModelStateExtensions
{
    /// <summary>Puts FluentValidation failures next to their fields (<c>Input.Email</c>, ...).</summary>
    public static void AddValidationErrors(this ModelStateDictionary modelState, ValidationResult result, string prefix = "Input")
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(result);
        foreach (var error in result.Errors)
        {
            modelState.AddModelError($"{prefix}.{error.PropertyName}", error.ErrorMessage);
        }
    }

    /// <summary>Identity's own refusals (password reused, e-mail taken, ...) shown on the form.</summary>
    public static void AddIdentityErrors(this ModelStateDictionary modelState, IdentityResult result, string key = "")
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(result);
        foreach (var error in result.Errors)
        {
            modelState.AddModelError(key, error.Description);
        }
    }
}
