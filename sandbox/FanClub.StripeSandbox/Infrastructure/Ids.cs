using System.Security.Cryptography;

namespace FanClub.StripeSandbox.Infrastructure;

/// <summary>Stripe-looking identifiers: a resource prefix and random base-62 characters.</summary>
internal static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix, int length = 24) => $"{prefix}_{RandomNumberGenerator.GetString(Alphabet, length)}";

    public static string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
