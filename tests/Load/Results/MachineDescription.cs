using System.Globalization;

namespace Platform.Load.Results;

/// <summary>The machine a run measured, so that its figures can be compared: cores, memory, load, runtime.</summary>
internal static class MachineDescription
{
    public static string Describe()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : null;
        var gib = memory is null ? "?" : (long.Parse(memory, CultureInfo.InvariantCulture) / 1048576.0).ToString("0", CultureInfo.InvariantCulture);
        return $"Machine: {Environment.ProcessorCount} cores ({model ?? "unknown CPU"}), {gib} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average {LoadAverage()}.";
    }

    /// <summary>The 1-, 5- and 15-minute load averages: above the core count, other work shared the machine.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
