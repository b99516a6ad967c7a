using System.Net;

namespace Platform.Load.Driving;

/// <summary>The load tool only ever drives a Gateway on this machine: it must never become a load generator against others.</summary>
internal static class LoopbackTarget
{
    public static void Require(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var loopback = address.IsLoopback || (IPAddress.TryParse(address.Host, out var ip) && IPAddress.IsLoopback(ip));
        if (!loopback)
        {
            throw new ArgumentException($"The load tool targets loopback addresses only (localhost, 127.0.0.0/8, ::1); '{address.Host}' is not one.", nameof(address));
        }
    }
}
