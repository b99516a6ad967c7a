using System.ComponentModel.DataAnnotations;
using Grpc.Core;

namespace Platform.Gateway.ServiceCalls;

/// <summary>
/// Chaos injected into this process's outgoing gRPC calls by Polly's chaos strategies, for load and chaos runs:
/// each attempt, before its first response message, is delayed with probability <see cref="LatencyRate"/> and fails
/// with <see cref="FaultStatus"/> with probability <see cref="FaultRate"/>. Off unless <see cref="Enabled"/>.
/// </summary>
public sealed class GrpcChaosOptions : IValidatableObject
{
    public const string SectionName = "Grpc:Client:Chaos";

    public bool Enabled { get; set; }

    [Range(0.0, 1.0)]
    public double LatencyRate { get; set; }

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(0.0, 1.0)]
    public double FaultRate { get; set; }

    public StatusCode FaultStatus { get; set; } = StatusCode.Unavailable;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FaultStatus == StatusCode.OK || !Enum.IsDefined(FaultStatus))
        {
            yield return new ValidationResult($"'{FaultStatus}' is not a failure status; use one such as Unavailable or Internal.", [nameof(FaultStatus)]);
        }

        if (Enabled && LatencyRate == 0 && FaultRate == 0)
        {
            yield return new ValidationResult("Chaos is enabled but injects nothing: set LatencyRate or FaultRate above 0.", [nameof(LatencyRate), nameof(FaultRate)]);
        }
    }

    public override string ToString() =>
        $"latency {Latency.TotalMilliseconds:0} ms at rate {LatencyRate:0.###}, {FaultStatus} at rate {FaultRate:0.###}";
}
