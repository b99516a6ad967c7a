using System.Diagnostics;
using System.Security.Cryptography;

namespace Platform.AppHost.Postgres;

/// <summary>The cluster's folder: initialised once with a generated password, owned by the postgres user when we are root (PostgreSQL refuses to run as root).</summary>
internal static class PostgresCluster
{
    private const string ServiceUser = "postgres";

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>The cluster's password, after initialising <paramref name="folder"/>/data when it holds no cluster yet.</summary>
    public static string Initialise(string folder, string postgres)
    {
        var (cluster, passwordFile) = (Path.Combine(folder, "data"), Path.Combine(folder, "password"));
        if (File.Exists(Path.Combine(cluster, "PG_VERSION")))
        {
            return File.ReadAllText(passwordFile).Trim();
        }

        Directory.CreateDirectory(cluster);
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(passwordFile, password);
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            if (IsRoot)
            {
                // initdb reads the password file as the server's user; root reads it whoever owns it.
                Run("chown", $"{ServiceUser}:{ServiceUser}", cluster, passwordFile);
            }

            Run(AsServiceUser(Path.Combine(Path.GetDirectoryName(postgres)!, "initdb"), "-D", cluster, "-U", ServiceUser,
                "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions", "--no-sync"));
        }
        catch
        {
            // A half-initialised cluster would be taken for a complete one next time.
            Directory.Delete(cluster, recursive: true);
            throw;
        }

        return password;
    }

    /// <summary>As the postgres user when we are root; setpriv execs, so the PID stays the server's.</summary>
    public static string[] AsServiceUser(string program, params string[] arguments) => IsRoot
        ? ["setpriv", $"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--init-groups", "--", program, .. arguments]
        : [program, .. arguments];

    private static void Run(params string[] commandLine)
    {
        using var process = Process.Start(new ProcessStartInfo(commandLine[0], commandLine[1..]) { RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', commandLine)} failed ({process.ExitCode}): {errors.Trim()}");
        }
    }
}
