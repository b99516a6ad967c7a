namespace Platform.LlmService.Providers;

/// <summary>A remote provider answered with an error, before or in the middle of a stream.</summary>
public sealed class ProviderException : Exception
{
    public ProviderException(string provider, string message, int? httpStatus = null, Exception? innerException = null)
        : base($"The {provider} provider failed: {message}", innerException)
    {
        Provider = provider;
        HttpStatus = httpStatus;
    }

    public string Provider { get; }

    /// <summary>The HTTP status of the failed response; null when the failure came inside a successful stream.</summary>
    public int? HttpStatus { get; }
}
