using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Grpc.Server;

internal sealed record GrpcMethodBinding(string ServiceName, string MethodName, string SpanName, string Path, RequestDelegate Handler);
