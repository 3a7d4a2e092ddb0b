using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace FanClub.Web.Accounts;

/// <summary>Identity tokens travel in links base64url-encoded; a mangled link must fail, not throw.</summary>
public static class TokenCodec
{
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static bool TryDecode(string code, out string token)
    {
        token = string.Empty;
        if (code.Length > 2048)
        {
            return false;
        }

        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
