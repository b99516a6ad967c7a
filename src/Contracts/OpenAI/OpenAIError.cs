namespace Platform.Contracts.OpenAI;

/// <summary>OpenAI's error object, <c>{message, type, param, code}</c>, as its SDKs read it (they do not retry a 4xx).</summary>
public sealed record OpenAIError(string Message, string Type, string? Param, string? Code)
{
    /// <summary>The error for an HTTP status: OpenAI's type for it and, when no code is given, its usual code.</summary>
    public static OpenAIError For(int status, string message, string? param = null, string? code = null) =>
        new(message, TypeOf(status), param, code ?? CodeOf(status));

    public static string TypeOf(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    public static string? CodeOf(int status) => status switch
    {
        401 => "invalid_api_key",
        429 => "rate_limit_exceeded",
        _ => null,
    };
}
