using System.Globalization;

namespace Platform.Load.Platform;

/// <summary>CPU time and resident memory of a process, read from /proc.</summary>
internal readonly record struct ProcessUsage(TimeSpan CpuTime, long ResidentBytes)
{
    public static ProcessUsage Of(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var rss = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return new ProcessUsage(TimeSpan.FromSeconds(ticks / 100.0), kilobytes * 1024);
    }
}
