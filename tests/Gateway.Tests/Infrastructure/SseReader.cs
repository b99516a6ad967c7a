using System.Runtime.CompilerServices;
using System.Text;

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>Reads Server-Sent Events off the raw response stream as each one arrives, comments included.</summary>
public static class SseReader
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? id = null, type = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (type is not null || data.Length > 0)
                {
                    yield return new SseEvent(id, type ?? "message", data.ToString(), DateTimeOffset.UtcNow);
                }

                id = type = null;
                data.Clear();
            }
            else if (line.StartsWith(':'))
            {
                yield return new SseEvent(null, "comment", line[1..].Trim(), DateTimeOffset.UtcNow);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }
    }
}
