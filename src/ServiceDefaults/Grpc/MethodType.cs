namespace Platform.ServiceDefaults.Grpc;

public enum MethodType
{
    Unary,
    ServerStreaming,
}
