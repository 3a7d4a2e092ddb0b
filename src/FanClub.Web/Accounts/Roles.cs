namespace FanClub.Web.Accounts;

public static class Roles
{
    public const string Member = "Member";
    public const string Admin = "Admin";

    public static readonly string[] All = [Member, Admin];
}
