using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contracts.Stt;

namespace Platform.Gateway.Speech;

/// <summary>
/// Reads the audio of a voice turn from a multipart form: an 'audio' part holding a WAV file (PCM16, any common
/// rate, mono or stereo) or raw PCM16 at 16 kHz mono (<c>audio/L16;rate=16000</c>), and optional 'language' and 'voice'.
/// </summary>
public static class SpokenInputReader
{
    /// <summary>The input, or the problem that makes it unusable.</summary>
    public static async Task<(SpokenInput? Input, ProblemHttpResult? Problem)> ReadAsync(HttpContext context, string defaultLanguage, int maxAudioBytes)
    {
        // Refusing on the declared length, before reading, lets a client that sent Expect: 100-continue skip the upload.
        if (context.Request.ContentLength > maxAudioBytes + 64 * 1024)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge, $"The request has {context.Request.ContentLength} bytes; voice turns take at most {maxAudioBytes} bytes of audio.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxAudioBytes + 64 * 1024;
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException ex)
        {
            // Thrown for a missing or overlong boundary and for a body that ends before its last boundary.
            return Fail(StatusCodes.Status400BadRequest, $"The multipart/form-data body could not be read: {ex.Message}");
        }
        catch (IOException) when (!context.RequestAborted.IsCancellationRequested)
        {
            return Fail(StatusCodes.Status400BadRequest, "The multipart/form-data body ended before its closing boundary.");
        }

        if (form.Files.GetFile("audio") is not { } part)
        {
            return Fail(StatusCodes.Status400BadRequest, "A voice turn needs an 'audio' part in its multipart form.");
        }

        if (part.Length > maxAudioBytes)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge, $"The audio has {part.Length} bytes; the limit is {maxAudioBytes}.");
        }

        using var buffer = new MemoryStream((int)part.Length);
        await part.CopyToAsync(buffer, context.RequestAborted);
        var audio = buffer.ToArray();
        if (audio.Length == 0)
        {
            return Fail(StatusCodes.Status400BadRequest, "The audio part is empty.");
        }

        var language = form["language"].ToString() is { Length: > 0 } given ? given : defaultLanguage;
        return FormatOf(part.ContentType, audio) is { } format
            ? (new SpokenInput(audio, format, language, form["voice"].ToString()), null)
            : Fail(StatusCodes.Status415UnsupportedMediaType,
                $"Audio of type '{part.ContentType}' is not supported: send WAV (PCM16) or raw PCM16 at 16 kHz mono as 'audio/L16;rate=16000'.");
    }

    private static AudioFormat? FormatOf(string? contentType, byte[] audio)
    {
        var type = (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        var isRiff = audio.Length >= 12 && audio.AsSpan(0, 4).SequenceEqual("RIFF"u8) && audio.AsSpan(8, 4).SequenceEqual("WAVE"u8);
        return type switch
        {
            "audio/wav" or "audio/x-wav" or "audio/wave" or "audio/vnd.wave" => isRiff ? AudioFormat.Wav : null,
            "audio/l16" when (contentType ?? string.Empty).Contains("rate=16000", StringComparison.OrdinalIgnoreCase) => AudioFormat.Pcm1616K,
            "application/octet-stream" or "" => isRiff ? AudioFormat.Wav : null,
            _ => null,
        };
    }

    private static (SpokenInput?, ProblemHttpResult?) Fail(int status, string detail) =>
        (null, TypedResults.Problem(statusCode: status, title: "Unusable audio", detail: detail));
}
