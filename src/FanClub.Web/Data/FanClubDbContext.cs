using FanClub.Billing.Checkout;
using FanClub.Web.Admin.Audit;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Passes;
using FanClub.Domain.Payments;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;
using FanClub.Modules.PremiumChat;
using FanClub.Web.Billing;
using FanClub.Web.Entitlements;
using FanClub.Web.Partners;
using FanClub.Web.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Data;

/// <summary>The one database of FanClub: Identity's tables and the club's own.</summary>
public sealed class FanClubDbContext(DbContextOptions<FanClubDbContext> options)
    : IdentityDbContext<FanClubUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Tier> Tiers => Set<Tier>();

    public DbSet<TierPrice> TierPrices => Set<TierPrice>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<PassOffer> PassOffers => Set<PassOffer>();

    public DbSet<Pass> Passes => Set<Pass>();

    public DbSet<PendingCheckout> Checkouts => Set<PendingCheckout>();

    public DbSet<BillingCustomer> BillingCustomers => Set<BillingCustomer>();

    public DbSet<StripeInboxEvent> StripeInbox => Set<StripeInboxEvent>();

    public DbSet<NoticeRecord> Notices => Set<NoticeRecord>();

    public DbSet<ReconciliationRecord> ReconciliationRuns => Set<ReconciliationRecord>();

    public DbSet<Comp> Comps => Set<Comp>();

    public DbSet<Ban> Bans => Set<Ban>();

    public DbSet<EntitlementChange> EntitlementChanges => Set<EntitlementChange>();

    public DbSet<PartnerAccount> Partners => Set<PartnerAccount>();

    public DbSet<PartnerDelivery> PartnerDeliveries => Set<PartnerDelivery>();

    public DbSet<MemberEntitlementState> EntitlementStates => Set<MemberEntitlementState>();

    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();

    public DbSet<ChatMute> ChatMutes => Set<ChatMute>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<Admin.AdminRequest> AdminRequests => Set<Admin.AdminRequest>();

    public DbSet<MemberSignIn> SignIns => Set<MemberSignIn>();

    /// <summary>The Data Protection key ring (cookies, anti-forgery), shared by every node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(FanClubDbContext).Assembly);
    }
}
