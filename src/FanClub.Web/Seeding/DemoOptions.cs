using System.ComponentModel.DataAnnotations;

namespace FanClub.Web.Seeding;

/// <summary><c>Demo:*</c>: demo data for <c>./fanclub run</c>. Off unless asked for.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Seed { get; set; }

    [Required, EmailAddress]
    public string AdminEmail { get; set; } = "admin@fanclub.test";

    [Required, EmailAddress]
    public string MemberEmail { get; set; } = "fan@fanclub.test";
}
