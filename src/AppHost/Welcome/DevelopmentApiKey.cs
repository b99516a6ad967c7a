using System.Security.Cryptography;

namespace Platform.AppHost.Welcome;

/// <summary>
/// The API key ./run.sh prints: made once, kept beside the resources' data (owner-only), and handed to the Gateway,
/// which stores its hash at start. It lasts as long as the data does, so scripts written against it keep working.
/// </summary>
public sealed record DevelopmentApiKey(string Value)
{
    private const string FileName = "development-api-key";

    public static DevelopmentApiKey LoadOrCreate(PlatformSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Directory.CreateDirectory(settings.DataDirectory);
        var file = Path.Combine(settings.DataDirectory, FileName);
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 20 } existing)
        {
            return new DevelopmentApiKey(existing);
        }

        var key = "pk_dev_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(file, key);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new DevelopmentApiKey(key);
    }
}
