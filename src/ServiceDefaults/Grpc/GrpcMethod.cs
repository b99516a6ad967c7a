using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>
/// One RPC of a contract: its path and how its messages are parsed. Built from the descriptor that
/// Grpc.Tools generates from the .proto, so server and callers agree by construction.
/// </summary>
public sealed class GrpcMethod<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    public GrpcMethod(MethodType type, string serviceName, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Type = type;
        ServiceName = serviceName;
        Name = name;
        Path = $"/{serviceName}/{name}";
        SpanName = SpanNameOf(serviceName, name);
    }

    public MethodType Type { get; }

    /// <summary>The fully qualified service name, e.g. <c>platform.llm.v1.Llm</c>.</summary>
    public string ServiceName { get; }

    public string Name { get; }

    /// <summary>The HTTP/2 path, <c>/{package}.{Service}/{Method}</c>.</summary>
    public string Path { get; }

    /// <summary>
    /// The name of the call's client span and of its server span, <c>{service}.{method}</c> in lower snake case
    /// (<c>llm.generate</c>, <c>stt.transcribe</c>): both sides derive it from the same contract, so they always agree.
    /// </summary>
    public string SpanName { get; }

    public MessageParser<TRequest> RequestParser { get; } = new(() => new TRequest());

    public MessageParser<TResponse> ResponseParser { get; } = new(() => new TResponse());

    /// <summary>Takes the method from a service descriptor and checks that its shape matches the types given.</summary>
    public static GrpcMethod<TRequest, TResponse> From(ServiceDescriptor service, string methodName)
    {
        ArgumentNullException.ThrowIfNull(service);
        var method = service.FindMethodByName(methodName)
            ?? throw new ArgumentException($"Service '{service.FullName}' has no method '{methodName}'.", nameof(methodName));

        if (method.IsClientStreaming)
        {
            throw new NotSupportedException($"'{method.FullName}' is client-streaming; the transport supports unary and server-streaming methods.");
        }

        if (method.InputType.ClrType != typeof(TRequest) || method.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"'{method.FullName}' takes {method.InputType.ClrType?.Name} and returns {method.OutputType.ClrType?.Name}, " +
                $"not {typeof(TRequest).Name} and {typeof(TResponse).Name}.",
                nameof(methodName));
        }

        var type = method.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary;
        return new GrpcMethod<TRequest, TResponse>(type, service.FullName, method.Name);
    }

    private static string SpanNameOf(string serviceName, string methodName)
    {
        var service = serviceName[(serviceName.LastIndexOf('.') + 1)..];
        var name = new StringBuilder(service.Length + methodName.Length + 4);
        AppendSnakeCase(name, service);
        name.Append('.');
        AppendSnakeCase(name, methodName);
        return name.ToString();
    }

    private static void AppendSnakeCase(StringBuilder name, string pascal)
    {
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(pascal[i - 1]))
            {
                name.Append('_');
            }

            name.Append(char.ToLowerInvariant(c));
        }
    }
}
