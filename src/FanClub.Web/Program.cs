using FanClub.Billing;
using FanClub.Web.Accounts;
using FanClub.Web.Admin;
using FanClub.Web.Benchmarking;
using FanClub.Web.Billing;
using FanClub.Web.Cluster;
using FanClub.Web.Data;
using FanClub.Web.Email;
using FanClub.Web.Entitlements;
using FanClub.Web.Hosting;
using FanClub.Web.Localization;
using FanClub.Web.Partners;
using FanClub.Web.RateLimiting;
using FanClub.Web.Seeding;
using FanClub.Web.Streams;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddFanClubData(builder.Configuration)
    .AddEntitlements()
    .AddAccounts(builder.Environment)
    .AddAdmin()
    .AddFanClubRateLimiting(builder.Configuration)
    .AddEmail(builder.Configuration)
    .AddBilling(builder.Configuration)
    .AddBillingHost()
    .AddFanClubLocalization()
    .AddFanClubWeb(builder.Environment, builder.Configuration)
    .AddPartners(builder.Configuration)
    .AddStreams()
    .AddAdminOperations()
    .AddSeeding(builder.Configuration)
    .AddCluster(builder.Configuration)
    .AddBench(builder.Configuration);

var app = builder.Build();
if (await AdminCommands.TryRunAsync(app, args) is { } exitCode)
{
    return exitCode;
}

app.UseFanClubPipeline();
await app.RunAsync();
return 0;

/// <summary>The web host's entry point, public so that tests can start it.</summary>
public partial class Program;
