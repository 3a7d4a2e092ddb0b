using System.Globalization;
using FanClub.Domain.Tiers;
using FanClub.Testing;
using FanClub.Web.Admin.Audit;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Tests.AdminConsole;

/// <summary>Shared steps of the dashboard, tiers, partners and reconciliation tests.</summary>
internal static class AdminConsoleSteps
{
    /// <summary>The audit entries of one action, oldest first.</summary>
    public static async Task<List<AuditEntry>> AuditAsync(TestDatabase database, string action)
    {
        await using var db = database.CreateContext();
        return await db.AuditLog.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>The edit form of <paramref name="tier"/> as the page fills it, with the prices given in major units.</summary>
    public static Dictionary<string, string> TierForm(Tier tier, string? monthly = null, string? yearly = null) => new()
    {
        ["Input.Slug"] = tier.Slug,
        ["Input.NameEnglish"] = tier.Name.English,
        ["Input.NameFrench"] = tier.Name.French,
        ["Input.DescriptionEnglish"] = tier.Description.English,
        ["Input.DescriptionFrench"] = tier.Description.French,
        ["Input.Currency"] = tier.MonthlyPrice.Currency,
        ["Input.MonthlyPrice"] = monthly ?? tier.MonthlyPrice.Major.ToString(CultureInfo.InvariantCulture),
        ["Input.YearlyPrice"] = yearly ?? tier.YearlyPrice.Major.ToString(CultureInfo.InvariantCulture),
        ["Input.TrialDays"] = tier.TrialDays.ToString(CultureInfo.InvariantCulture),
        ["Input.SortOrder"] = tier.SortOrder.ToString(CultureInfo.InvariantCulture),
        ["Input.Entitlements"] = string.Join(' ', tier.Entitlements.Select(k => k.Value)),
    };
}
