using System.Text;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>
/// The name of a call's client span and of its server span, <c>{service}.{method}</c> in lower snake case
/// (<c>llm.generate</c>, <c>stt.transcribe</c>), derived from the method's full name on both sides so they always agree.
/// </summary>
public static class GrpcSpanName
{
    /// <summary>From a full method name, <c>platform.llm.v1.Llm/Generate</c> or the path <c>/platform.llm.v1.Llm/Generate</c>.</summary>
    public static string Of(string fullMethodName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullMethodName);
        var (service, method) = Split(fullMethodName);
        var name = new StringBuilder(service.Length + method.Length + 4);
        AppendSnakeCase(name, service[(service.LastIndexOf('.') + 1)..]);
        name.Append('.');
        AppendSnakeCase(name, method);
        return name.ToString();
    }

    /// <summary>The fully qualified service name and the method name of a full method name or path.</summary>
    public static (string Service, string Method) Split(string fullMethodName)
    {
        ArgumentNullException.ThrowIfNull(fullMethodName);
        var trimmed = fullMethodName.TrimStart('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (trimmed, string.Empty) : (trimmed[..slash], trimmed[(slash + 1)..]);
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
