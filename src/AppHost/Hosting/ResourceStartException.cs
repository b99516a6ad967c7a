namespace Platform.AppHost.Hosting;

/// <summary>A resource could not be started or did not become ready; the message says why and quotes its output.</summary>
public sealed class ResourceStartException(string message, Exception? innerException = null) : Exception(message, innerException);
