using System.Globalization;
using System.Text.Json;

namespace Platform.Gateway.Errors;

/// <summary>What is wrong with a JSON body, said by where it is wrong; never the .NET type it was being read into.</summary>
public static class JsonProblem
{
    public static string Describe(JsonException exception, string subject = "body")
    {
        var where = exception.Path is { Length: > 0 } path && path != "$" ? $" at '{path}'" : string.Empty;
        var position = exception.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {exception.BytePositionInLine + 1})")
            : string.Empty;
        return $"The {subject} is not valid JSON, or a value has the wrong type or is out of range{where}{position}.";
    }
}
