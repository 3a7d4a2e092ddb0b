using System.Buffers.Binary;
using System.Security.Claims;
using System.Text;
using FanClub.Web.Admin;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace FanClub.Web.Accounts;

/// <summary>
/// Reads the sign-in cookie's ticket in the framework's own format (<see cref="TicketSerializer"/>,
/// version 5) straight from the decrypted bytes. Every signed-in request reads it, and the framework's
/// reader goes through a stream and a <see cref="BinaryReader"/> that allocate each string they meet,
/// the one-character placeholders that stand for a default included: 3.1 KB for a member's six claims,
/// the largest share of what minting a stream token allocated after the decryption itself. This reader
/// returns the strings every FanClub ticket repeats (claim types, value types, the issuer, the scheme,
/// property names) as the same instances each time, and allocates only what the claims hold.
/// </summary>
/// <remarks>
/// Writing is the framework's, unchanged, so a cookie reads the same with either reader and nothing
/// changes for members signed in before or after a deployment (<c>SignInTicketSerializerTests</c> reads
/// tickets of every shape with both and compares them). A ticket of another format version is handed to
/// the framework's reader. The bytes come out of the authenticated decryption, so they were written by
/// this site; a malformed ticket throws, and <see cref="SecureDataFormat{TData}"/> reads that as no ticket.
/// </remarks>
public sealed class SignInTicketSerializer : IDataSerializer<AuthenticationTicket>
{
    /// <summary>The purposes the cookie handler protects its tickets with (documented for sharing cookies between apps).</summary>
    private const string CookieProtectorPurpose = "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware";

    private const int TicketFormatVersion = 5;
    private const int PropertiesFormatVersion = 1;

    /// <summary>What <see cref="TicketSerializer"/> writes for a value equal to its default.</summary>
    private const string DefaultPlaceholder = "\0";

    private static readonly string[] Repeated =
    [
        DefaultPlaceholder, IdentityConstants.ApplicationScheme, ClaimTypes.NameIdentifier, ClaimTypes.Name, ClaimTypes.Role,
        "AspNet.Identity.SecurityStamp", FanClubClaimsPrincipalFactory.DisplayNameClaim, AdminAuthorization.MethodClaim, "pwd", "mfa",
        AdminSession.AuthTimeClaim, ClaimValueTypes.Integer64, ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer,
        ".issued", ".expires", ".persistent", ".refresh",
    ];

    private static readonly byte[][] RepeatedUtf8 = [.. Repeated.Select(Encoding.UTF8.GetBytes)];

    public static SignInTicketSerializer Instance { get; } = new();

    /// <summary>The cookie format of scheme <paramref name="scheme"/>: the handler's own protector, this reader.</summary>
    public static ISecureDataFormat<AuthenticationTicket> Format(IDataProtectionProvider provider, string scheme)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new SecureDataFormat<AuthenticationTicket>(Instance, provider.CreateProtector(CookieProtectorPurpose, scheme, "v2"));
    }

    public byte[] Serialize(AuthenticationTicket model) => TicketSerializer.Default.Serialize(model);

    public AuthenticationTicket? Deserialize(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var reader = new Reader(data);
        if (reader.ReadInt32() != TicketFormatVersion)
        {
            return TicketSerializer.Default.Deserialize(data);
        }

        var scheme = reader.ReadString();
        var count = reader.ReadInt32();
        if (count < 0)
        {
            return null;
        }

        var identities = new ClaimsIdentity[count];
        for (var i = 0; i < count; i++)
        {
            identities[i] = ReadIdentity(ref reader);
        }

        return new AuthenticationTicket(new ClaimsPrincipal(identities), ReadProperties(ref reader), scheme);
    }

    private static ClaimsIdentity ReadIdentity(ref Reader reader)
    {
        var authenticationType = reader.ReadString();
        var nameClaimType = reader.ReadString(ClaimsIdentity.DefaultNameClaimType);
        var roleClaimType = reader.ReadString(ClaimsIdentity.DefaultRoleClaimType);
        var count = reader.ReadCount();
        var identity = new ClaimsIdentity(authenticationType, nameClaimType, roleClaimType);
        for (var i = 0; i < count; i++)
        {
            identity.AddClaim(ReadClaim(ref reader, identity));
        }

        if (reader.ReadBoolean())
        {
            identity.BootstrapContext = reader.ReadString();
        }

        if (reader.ReadBoolean())
        {
            identity.Actor = ReadIdentity(ref reader);
        }

        return identity;
    }

    private static Claim ReadClaim(ref Reader reader, ClaimsIdentity identity)
    {
        var type = reader.ReadString(identity.NameClaimType);
        var value = reader.ReadString();
        var valueType = reader.ReadString(ClaimValueTypes.String);
        var issuer = reader.ReadString(ClaimsIdentity.DefaultIssuer);
        var originalIssuer = reader.ReadString(issuer);
        var claim = new Claim(type, value, valueType, issuer, originalIssuer, identity);
        var count = reader.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            claim.Properties.Add(key, reader.ReadString());
        }

        return claim;
    }

    private static AuthenticationProperties? ReadProperties(ref Reader reader)
    {
        if (reader.ReadInt32() != PropertiesFormatVersion)
        {
            return null;
        }

        var count = reader.ReadCount();
        var items = new Dictionary<string, string?>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            items.Add(key, reader.ReadString());
        }

        return new AuthenticationProperties(items);
    }

    /// <summary><see cref="BinaryReader"/>'s encoding (little-endian, 7-bit lengths, UTF-8) over the bytes, without the copies.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _data = data;

        public int ReadInt32()
        {
            var value = BinaryPrimitives.ReadInt32LittleEndian(_data);
            _data = _data[sizeof(int)..];
            return value;
        }

        public int ReadCount() => ReadInt32() is >= 0 and var count ? count : throw new FormatException("A negative count.");

        public bool ReadBoolean()
        {
            var value = _data[0] != 0;
            _data = _data[1..];
            return value;
        }

        /// <summary>A string, or <paramref name="defaultValue"/> where the writer put the placeholder.</summary>
        public string ReadString(string defaultValue)
        {
            var value = ReadString();
            return value is DefaultPlaceholder ? defaultValue : value;
        }

        public string ReadString()
        {
            var length = Read7BitEncodedLength();
            var utf8 = _data[..length];
            _data = _data[length..];
            for (var i = 0; i < RepeatedUtf8.Length; i++)
            {
                if (utf8.SequenceEqual(RepeatedUtf8[i]))
                {
                    return Repeated[i];
                }
            }

            return Encoding.UTF8.GetString(utf8);
        }

        private int Read7BitEncodedLength()
        {
            var result = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var b = _data[0];
                _data = _data[1..];
                result |= (b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return result >= 0 ? result : throw new FormatException("A negative string length.");
                }
            }

            throw new FormatException("A string length longer than five bytes.");
        }
    }
}
