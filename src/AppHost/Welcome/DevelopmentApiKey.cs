using System.Security.Cryptography;
using Platform.AppHost.Hosting;

namespace Platform.AppHost.Welcome;

/// <summary>
/// The API key `./run.sh` prints: made once, kept beside the resources' data (owner-only), and handed to the Gateway,
/// which stores its hash at start. It lasts as long as the data does, so scripts written against it keep working.
/// </summary>
public sealed record DevelopmentApiKey(string Value)
{
    private const string FileName = "development-api-key";

    public static DevelopmentApiKey LoadOrCreate(DistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var folder = builder.Options.DataDirectory ?? Path.Combine(RepositoryLayout.Locate().Root, ".artifacts", "apphost");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, FileName);
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
