using FanClub.Domain.Entitlements;
using FanClub.Domain.Tiers;

namespace FanClub.Domain.Partners;

/// <summary>
/// The contract a partner module implements. A module depends on this namespace only (never on
/// the web host or another module); the host lists the modules to run in <c>Partners:Modules</c>,
/// reads each manifest, then lets the module register what it needs.
/// </summary>
public interface IPartnerModule
{
    PartnerManifest Manifest { get; }

    /// <summary>Registers the module's services and listeners. Called once, at start-up.</summary>
    void Register(IPartnerRegistrar registrar);
}

/// <summary>The host's side of registration: settings in, services and listeners out.</summary>
public interface IPartnerRegistrar
{
    /// <summary>The module's own settings section (<c>Partners:{Id}:*</c>), flattened to keys like <c>Room:Name</c>.</summary>
    IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>Adds a singleton service the module (or its pages) will resolve.</summary>
    void AddSingleton<TService>(Func<IServiceProvider, TService> factory)
        where TService : class;

    /// <summary>Subscribes to entitlement changes; called in-process, in order per member.</summary>
    void AddEntitlementListener(Func<IServiceProvider, IEntitlementListener> factory);
}

/// <summary>What changed for one member: told to modules in-process and to external partners by signed webhook.</summary>
/// <param name="ChangeId">Increasing per change; lets a listener drop a notice it already handled.</param>
/// <param name="MemberId">The member concerned.</param>
/// <param name="Granted">Keys the member did not hold before and holds now.</param>
/// <param name="Revoked">Keys the member held before and no longer holds.</param>
/// <param name="Current">Every key the member holds now.</param>
/// <param name="Banned">Whether a ban is in force (then <paramref name="Current"/> is empty).</param>
/// <param name="At">When FanClub computed this.</param>
public sealed record EntitlementNotice(
    long ChangeId,
    Guid MemberId,
    IReadOnlyList<EntitlementKey> Granted,
    IReadOnlyList<EntitlementKey> Revoked,
    IReadOnlyList<EntitlementKey> Current,
    bool Banned,
    DateTimeOffset At);

/// <summary>A module's ear for grants and revocations (for example to close a revoked member's chat connection).</summary>
public interface IEntitlementListener
{
    Task OnEntitlementsChangedAsync(EntitlementNotice notice, CancellationToken cancellationToken);
}

/// <summary>How a module asks "what may this member use right now" (served from the host's cache).</summary>
public interface IEntitlementQuery
{
    Task<MemberEntitlements> GetAsync(Guid memberId, CancellationToken cancellationToken);
}
