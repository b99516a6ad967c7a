namespace Platform.ServiceDefaults.Grpc.Server;

/// <summary>Endpoint metadata naming the gRPC method an endpoint serves, for span names and attributes.</summary>
public sealed record GrpcMethodMetadata(string ServiceName, string MethodName, string SpanName);
