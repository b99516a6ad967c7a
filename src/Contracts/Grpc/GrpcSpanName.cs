using System.Text.RegularExpressions;

namespace Platform.Contracts.Grpc;

/// <summary>
/// The name of a call's client span and of its server span, <c>{service}.{method}</c> in lower snake case
/// (<c>llm.generate</c>, <c>stt.transcribe</c>), derived from the method's full name on both sides so they always agree.
/// </summary>
public static partial class GrpcSpanName
{
    /// <summary>From a full method name, <c>platform.llm.v1.Llm/Generate</c>, or its path <c>/platform.llm.v1.Llm/Generate</c>.</summary>
    public static string Of(string fullMethodName)
    {
        var (service, method) = Split(fullMethodName);
        return $"{SnakeCase(service[(service.LastIndexOf('.') + 1)..])}.{SnakeCase(method)}";
    }

    /// <summary>The fully qualified service name and the method name of a full method name or path.</summary>
    public static (string Service, string Method) Split(string fullMethodName)
    {
        ArgumentNullException.ThrowIfNull(fullMethodName);
        var parts = fullMethodName.TrimStart('/').Split('/', 2);
        return (parts[0], parts.Length > 1 ? parts[1] : string.Empty);
    }

    private static string SnakeCase(string pascal) => WordStart().Replace(pascal, "_$1").ToLowerInvariant();

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex WordStart();
}
