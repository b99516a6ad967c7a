using System.ComponentModel.DataAnnotations;

namespace Platform.ServiceDefaults.Grpc.Server;

public sealed class GrpcServerOptions
{
    public const string SectionName = "Grpc:Server";

    [Range(1, 256 * 1024 * 1024)]
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxMessageSize;

    [Range(1, 256 * 1024 * 1024)]
    public int MaxSendMessageSize { get; set; } = GrpcProtocol.DefaultMaxMessageSize;
}
