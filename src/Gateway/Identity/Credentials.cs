using System.Security.Cryptography;

namespace Platform.Gateway.Identity;

/// <summary>
/// Secrets that identify a user: API keys (<c>pk_...</c>, sent as a Bearer token) and browser tokens (kept in an
/// HttpOnly cookie). Both are 32 random bytes; only their SHA-256 hash is stored, and only a short prefix is ever
/// shown or logged.
/// </summary>
public static class Credentials
{
    public const string ApiKeyPrefix = "pk_";
    public const string BrowserTokenPrefix = "bt_";

    public static string NewApiKey() => ApiKeyPrefix + RandomPart();

    public static string NewBrowserToken() => BrowserTokenPrefix + RandomPart();

    public static byte[] Hash(string secret) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret));

    /// <summary>Enough of a secret to tell keys apart in a list, never enough to use it.</summary>
    public static string Prefix(string secret) => secret.Length <= 10 ? "***" : secret[..10] + "…";

    public static bool LooksLikeApiKey(string value) => value.StartsWith(ApiKeyPrefix, StringComparison.Ordinal) && value.Length is > 20 and < 200;

    private static string RandomPart() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
