using System.ComponentModel.DataAnnotations;

namespace Platform.Gateway.ServiceCalls;

/// <summary>Message limits and resilience of the calls to one service. Retries happen only before the first response message.</summary>
public sealed class GrpcClientOptions
{
    [Range(1, 256 * 1024 * 1024)]
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    [Range(1, 256 * 1024 * 1024)]
    public int MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long an attempt may wait for its first response message before it gives up.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstMessageTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Further attempts after UNAVAILABLE, made only while no response message has been received.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The share of failed calls, within <see cref="BreakerSamplingDuration"/>, that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    [Range(2, int.MaxValue)]
    public int BreakerMinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an open circuit refuses calls before one is let through to try. Short, because the AppHost brings a
    /// killed service back in under a second, and a long break would refuse calls the service could already serve.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerDuration { get; set; } = TimeSpan.FromSeconds(1);
}
