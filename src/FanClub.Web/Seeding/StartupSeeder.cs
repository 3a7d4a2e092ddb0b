using System.Security.Cryptography;
using FanClub.Domain.Common;
using FanClub.Domain.Passes;
using FanClub.Domain.Tiers;
using FanClub.Web.Accounts;
using FanClub.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Seeding;

/// <summary>
/// Makes sure the roles exist, and with <c>Demo:Seed</c> adds demo tiers, an admin and a few members.
/// Every step checks before it writes, so a restart changes nothing. Runs before the site listens.
/// </summary>
public sealed partial class StartupSeeder(IServiceScopeFactory scopes, IOptions<DemoOptions> demo, ILogger<StartupSeeder> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await EnsureRolesAsync(services.GetRequiredService<RoleManager<IdentityRole<Guid>>>());
        if (!demo.Value.Seed)
        {
            return;
        }

        await SeedTiersAsync(services.GetRequiredService<FanClubDbContext>(), cancellationToken);
        await SeedPassOfferAsync(services.GetRequiredService<FanClubDbContext>(), services.GetRequiredService<TimeProvider>(), cancellationToken);
        var users = services.GetRequiredService<UserManager<FanClubUser>>();
        var clock = services.GetRequiredService<TimeProvider>();
        await SeedUserAsync(users, clock, demo.Value.AdminEmail, "Club Admin", Roles.Admin, printCredentials: true);
        await SeedUserAsync(users, clock, demo.Value.MemberEmail, "Camille Fan", Roles.Member, printCredentials: true);
        foreach (var (email, name) in DemoMembers)
        {
            await SeedUserAsync(users, clock, email, name, Roles.Member, printCredentials: false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static readonly (string Email, string Name)[] DemoMembers =
    [
        ("loana@fanclub.test", "Loana D."),
        ("steevy@fanclub.test", "Steevy B."),
        ("jenny@fanclub.test", "Jenny B."),
    ];

    private static async Task EnsureRolesAsync(RoleManager<IdentityRole<Guid>> roles)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var created = await roles.CreateAsync(new IdentityRole<Guid>(role));
                // Another node may have created it at the same moment; that is fine.
                if (!created.Succeeded && !await roles.RoleExistsAsync(role))
                {
                    throw new InvalidOperationException($"Could not create role {role}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
                }
            }
        }
    }

    private async Task SeedTiersAsync(FanClubDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Tiers.AnyAsync(cancellationToken))
        {
            return;
        }

        db.Tiers.AddRange(
            DemoTier("supporter", 0, "Supporter", "Supporter",
                "Community chat and the weekly newsletter.", "Le chat de la communauté et la lettre hebdomadaire.",
                499, 4900, trialDays: 7, "chat:community"),
            DemoTier("fan", 1, "Fan", "Fan",
                "Everything in Supporter, plus the live streams.", "Tout Supporter, plus les directs vidéo.",
                999, 9900, trialDays: 0, "chat:community", "stream:live"),
            DemoTier("vip", 2, "VIP", "VIP",
                "Live streams, replays and the premium chat rooms with the cast.", "Directs, replays et salons premium avec les candidats.",
                1999, 19900, trialDays: 0, "chat:community", "chat:premium", "stream:live", "stream:replays"));
        await db.SaveChangesAsync(cancellationToken);
        LogTiersSeeded(logger, 3);
    }

    /// <summary>Pay-per-view for the next "prime" night: live this Saturday evening, replays for a week.</summary>
    private static async Task SeedPassOfferAsync(FanClubDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.PassOffers.AnyAsync(cancellationToken))
        {
            return;
        }

        var today = clock.GetUtcNow().UtcDateTime.Date;
        var saturday = today.AddDays(((int)DayOfWeek.Saturday - (int)today.DayOfWeek + 7) % 7);
        var liveStart = new DateTimeOffset(saturday.AddHours(19), TimeSpan.Zero);
        db.PassOffers.Add(PassOffer.Create(Guid.CreateVersion7(), "prime-night", new LocalizedText("Prime night pass", "Pass soirée prime"),
            new Money(499, "EUR"), liveStart, liveStart.AddHours(3), replayDays: 7,
            [EntitlementKey.Parse("stream:live"), EntitlementKey.Parse("stream:replays")]).Value);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Tier DemoTier(string slug, int order, string nameEn, string nameFr, string descriptionEn, string descriptionFr,
        long monthlyCents, long yearlyCents, int trialDays, params string[] keys) =>
        Tier.Create(Guid.CreateVersion7(), slug, new LocalizedText(nameEn, nameFr), new LocalizedText(descriptionEn, descriptionFr),
            new Money(monthlyCents, "EUR"), new Money(yearlyCents, "EUR"), trialDays, order, keys.Select(EntitlementKey.Parse)).Value;

    private async Task SeedUserAsync(UserManager<FanClubUser> users, TimeProvider clock, string email, string name, string role, bool printCredentials)
    {
        if (await users.FindByEmailAsync(email) is not null)
        {
            return;
        }

        var password = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
        var user = new FanClubUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = clock.GetUtcNow() };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Could not seed a demo account: {string.Join(" ", created.Errors.Select(e => e.Code))}");
        }

        await users.AddToRoleAsync(user, role);
        if (printCredentials)
        {
            // Printed once, on the console of the person who ran ./fanclub run; never logged.
            Console.WriteLine($"    demo {role.ToLowerInvariant(),-6}  {email}  password: {password}   (shown once; ./fanclub db reset makes new ones)");
        }
        else
        {
            LogMemberSeeded(logger, user.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} demo tiers")]
    private static partial void LogTiersSeeded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded demo member {MemberId}")]
    private static partial void LogMemberSeeded(ILogger logger, Guid memberId);
}
