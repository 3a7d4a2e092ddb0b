namespace FanClub.Domain.Members;

/// <summary>
/// Runs before a member's account is deleted, so that capabilities holding data or money for the
/// member can settle first. Billing implements it to cancel the member's subscription in Stripe;
/// until it does, deletion removes the account only. A handler that cannot settle returns a
/// failure reason and the account is kept.
/// </summary>
public interface IMemberAccountClosing
{
    /// <summary>Settles whatever this capability holds for <paramref name="memberId"/>.</summary>
    /// <returns><c>null</c> when the account may go; otherwise a reason to show the member.</returns>
    Task<string?> PrepareClosingAsync(Guid memberId, CancellationToken cancellationToken);
}
