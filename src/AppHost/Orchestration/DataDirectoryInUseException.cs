namespace Platform.AppHost.Orchestration;

/// <summary>Another application holds the data folder.</summary>
public sealed class DataDirectoryInUseException(string message) : Exception(message);
