using FanClub.Domain.Tiers;
using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Data;

/// <summary>The one database of FanClub: Identity's tables and the club's own.</summary>
public sealed class FanClubDbContext(DbContextOptions<FanClubDbContext> options)
    : IdentityDbContext<FanClubUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Tier> Tiers => Set<Tier>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(FanClubDbContext).Assembly);
    }
}
