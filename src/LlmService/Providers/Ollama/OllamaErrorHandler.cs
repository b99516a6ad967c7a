using System.Net.Http.Headers;
using System.Text.Json;

namespace Platform.LlmService.Providers.Ollama;

/// <summary>
/// What Ollama says when it fails, which OllamaSharp does not pass on: an HTTP error's reason (OllamaSharp reports the
/// status code alone), and an <c>{"error": ...}</c> line in the middle of a chat stream (OllamaSharp skips it and ends
/// the stream as if complete). Both become a <see cref="ProviderException"/> with Ollama's own words.
/// </summary>
internal sealed class OllamaErrorHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                var reason = ErrorOf(text) ?? (text.Length > 0 ? text : response.ReasonPhrase ?? "no reason given");
                throw new ProviderException(OllamaProvider.ProviderName, $"HTTP {(int)response.StatusCode}: {reason}", (int)response.StatusCode);
            }
        }

        var original = response.Content;
        var watched = new StreamContent(new ErrorLineStream(await original.ReadAsStreamAsync(cancellationToken)));
        foreach (var (name, values) in original.Headers)
        {
            watched.Headers.TryAddWithoutValidation(name, values);
        }

        response.Content = watched;
        return response;
    }

    /// <summary>The message of an Ollama error object (<c>{"error": "..."}</c>), or null when the text is something else.</summary>
    internal static string? ErrorOf(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error)
                ? error.ValueKind == JsonValueKind.String ? error.GetString() : error.ToString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ErrorOf(string text) => ErrorOf(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Passes a newline-delimited stream through whole lines at a time, so an error line is recognised before any of it
    /// is read: the lines before it are returned, and the next read throws its message.
    /// </summary>
    private sealed class ErrorLineStream(Stream inner) : Stream
    {
        private byte[] buffer = new byte[8 * 1024];
        private int start;
        private int ready;
        private int end;
        private bool innerEnded;
        private string? error;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            while (true)
            {
                if (ready > start)
                {
                    var count = Math.Min(ready - start, destination.Length);
                    buffer.AsMemory(start, count).CopyTo(destination);
                    start += count;
                    return count;
                }

                if (error is not null)
                {
                    throw new ProviderException(OllamaProvider.ProviderName, error);
                }

                if (innerEnded)
                {
                    ready = end;
                    if (ready > start)
                    {
                        continue;
                    }

                    return 0;
                }

                await FillAsync(cancellationToken);
            }
        }

        public override int Read(byte[] destination, int offset, int count) =>
            ReadAsync(destination.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] destination, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(destination.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] source, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>Reads more, then marks every complete line up to the first error line as ready.</summary>
        private async Task FillAsync(CancellationToken cancellationToken)
        {
            if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                (ready, end, start) = (ready - start, end - start, 0);
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await inner.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
            {
                innerEnded = true;
                return;
            }

            end += read;
            int newline;
            while ((newline = buffer.AsSpan(ready, end - ready).IndexOf((byte)'\n')) >= 0)
            {
                if (ErrorOf(buffer.AsSpan(ready, newline)) is { } message)
                {
                    error = message;
                    end = ready;
                    return;
                }

                ready += newline + 1;
            }
        }
    }
}
