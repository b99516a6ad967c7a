using System.Buffers;
using System.Text.Json;

namespace Platform.Gateway.OpenAI;

/// <summary>
/// The proxied response on its way to the client, read for what it reports: a JSON body is copied aside (up to
/// <see cref="MaxCapturedBytes"/>) and parsed at the end; an event stream is passed on event by event as each
/// completes, its usage chunk read and, when the client did not ask for usage, left out. Nothing is held back longer
/// than the rest of its event, so tokens reach the client as they come.
/// </summary>
internal sealed class MeteredResponseStream(Stream inner, HttpResponse response, bool dropUsageChunk) : Stream
{
    public const int MaxCapturedBytes = 1024 * 1024;

    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] UsageProperty = "\"usage\""u8.ToArray();
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();

    private readonly ArrayBufferWriter<byte> pending = new();

    public int PromptTokens { get; private set; }

    public int CompletionTokens { get; private set; }

    public string? Model { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    private bool IsEventStream => response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!IsEventStream)
        {
            if (pending.WrittenCount + buffer.Length <= MaxCapturedBytes)
            {
                pending.Write(buffer.Span);
            }

            await inner.WriteAsync(buffer, cancellationToken);
            return;
        }

        pending.Write(buffer.Span);
        var start = 0;
        int end;
        while ((end = pending.WrittenSpan[start..].IndexOf(EventEnd)) >= 0)
        {
            var length = end + EventEnd.Length;
            if (!IsDroppedUsageChunk(pending.WrittenMemory.Slice(start, length)))
            {
                await inner.WriteAsync(pending.WrittenMemory.Slice(start, length), cancellationToken);
            }

            start += length;
        }

        if (start > 0)
        {
            var rest = pending.WrittenSpan[start..].ToArray();
            pending.Clear();
            pending.Write(rest);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    /// <summary>After the proxy is done: what a JSON body reported, and any incomplete last event passed on as it was.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (IsEventStream)
        {
            if (pending.WrittenCount > 0)
            {
                await inner.WriteAsync(pending.WrittenMemory, cancellationToken);
            }
        }
        else if (response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true && pending.WrittenSpan.IndexOf(UsageProperty) >= 0)
        {
            Read(pending.WrittenSpan);
        }

        pending.Clear();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Reads the usage an event carries; true when it is the usage-only chunk the client did not ask for.</summary>
    private bool IsDroppedUsageChunk(ReadOnlyMemory<byte> chunk)
    {
        var span = chunk.Span;
        if (!span.StartsWith(DataPrefix) || span.IndexOf(UsageProperty) < 0)
        {
            return false;
        }

        return Read(span[DataPrefix.Length..]) is { } root && dropUsageChunk
            && root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() == 0;
    }

    private JsonElement? Read(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            PromptTokens = usage.TryGetProperty("prompt_tokens", out var prompt) && prompt.TryGetInt32(out var p) ? p : PromptTokens;
            CompletionTokens = usage.TryGetProperty("completion_tokens", out var completion) && completion.TryGetInt32(out var c) ? c : CompletionTokens;
            Model = root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : Model;
            return root.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
