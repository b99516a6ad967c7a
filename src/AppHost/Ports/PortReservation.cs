namespace Platform.AppHost.Ports;

/// <summary>A port promised to one endpoint; <see cref="PreferredWasTaken"/> says the asked-for port was in use.</summary>
public readonly record struct PortReservation(int Port, bool PreferredWasTaken);
