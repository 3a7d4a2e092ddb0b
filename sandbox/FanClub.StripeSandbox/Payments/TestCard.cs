namespace FanClub.StripeSandbox.Payments;

internal enum CardBehaviour
{
    Succeeds,

    /// <summary>4000 0000 0000 0341: attaches and pays once, then every later charge is declined.</summary>
    DeclinesAfterFirstCharge,

    /// <summary>4000 0025 0000 3155: on-session payments need 3-D Secure; once done, off-session ones pass.</summary>
    RequiresAuthentication,

    Declined,
    InsufficientFunds,
}

/// <summary>Stripe's test card numbers the sandbox understands. Any other number is refused as incorrect.</summary>
internal sealed record TestCard(string Number, CardBehaviour Behaviour)
{
    private static readonly Dictionary<string, CardBehaviour> Known = new(StringComparer.Ordinal)
    {
        ["4242424242424242"] = CardBehaviour.Succeeds,
        ["5555555555554444"] = CardBehaviour.Succeeds,
        ["4000000000000341"] = CardBehaviour.DeclinesAfterFirstCharge,
        ["4000002500003155"] = CardBehaviour.RequiresAuthentication,
        ["4000000000000002"] = CardBehaviour.Declined,
        ["4000000000009995"] = CardBehaviour.InsufficientFunds,
    };

    public string Last4 => Number[^4..];

    public string Brand => Number.StartsWith('5') ? "mastercard" : "visa";

    /// <summary>Whether the card is refused before anything is created, as Stripe's Checkout does.</summary>
    public bool DeclinesOnEntry => Behaviour is CardBehaviour.Declined or CardBehaviour.InsufficientFunds;

    public string DeclineCode => Behaviour == CardBehaviour.InsufficientFunds ? "insufficient_funds" : "generic_decline";

    public string DeclineMessage => Behaviour == CardBehaviour.InsufficientFunds ? "Your card has insufficient funds." : "Your card was declined.";

    /// <summary>The card for a number typed with or without spaces, or null when it is not a known test card.</summary>
    public static TestCard? Parse(string? typed)
    {
        var digits = new string((typed ?? "").Where(char.IsAsciiDigit).ToArray());
        return Known.TryGetValue(digits, out var behaviour) ? new TestCard(digits, behaviour) : null;
    }

    public static TestCard ParseOrThrow(string? typed) =>
        Parse(typed) ?? throw Infrastructure.StripeApiException.CardDeclined("incorrect_number", "Your card number is incorrect. Use one of Stripe's test cards.", "incorrect_number");
}
