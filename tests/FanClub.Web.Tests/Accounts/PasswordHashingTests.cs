using System.Buffers.Binary;

namespace FanClub.Web.Tests.Accounts;

public sealed class PasswordHashingTests(WebAppFixture fixture) : WebTest(fixture)
{
    [Fact]
    public async Task Stored_password_hash_is_pbkdf2_hmac_sha512_with_at_least_210000_iterations()
    {
        var email = await Accounts.ConfirmedMemberAsync();
        var hash = Convert.FromBase64String((await Accounts.UserAsync(email)).PasswordHash!);

        // Identity v3 layout: [0x01][PRF uint32 BE][iterations uint32 BE][salt length uint32 BE][salt][subkey].
        Assert.Equal(0x01, hash[0]);
        const uint HmacSha512 = 2;
        Assert.Equal(HmacSha512, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1, 4)));
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5, 4)) >= 210_000,
            $"Only {BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5, 4))} iterations.");
        var saltLength = (int)BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(9, 4));
        Assert.True(saltLength >= 16, $"Salt of {saltLength} bytes.");
        Assert.Equal(13 + saltLength + 32, hash.Length);
    }
}
