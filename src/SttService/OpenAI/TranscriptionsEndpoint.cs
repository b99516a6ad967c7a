using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.Contracts.OpenAI;
using Platform.Contracts.Stt;
using Platform.ServiceDefaults.OpenAI;
using Platform.ServiceDefaults.Readiness;
using Platform.SttService.Audio;
using Platform.SttService.Recognition;

namespace Platform.SttService.OpenAI;

/// <summary>
/// OpenAI's <c>POST /v1/audio/transcriptions</c> beside the Transcribe RPC, on the same <see cref="Transcriber"/>:
/// multipart <c>file</c> (WAV, 16-bit PCM), <c>model</c> (<c>whisper-1</c> or any other name takes pocketsphinx),
/// <c>language</c> and <c>response_format</c> json, text or verbose_json. This port is internal (behind the Gateway):
/// it trusts its caller.
/// </summary>
public static class TranscriptionsEndpoint
{
    private const long FormOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapOpenAI(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/audio/transcriptions", TranscribeAsync).WithTags("OpenAI").DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> TranscribeAsync(HttpContext context, Transcriber transcriber, ServiceReadiness readiness, RecognitionTelemetry telemetry, IOptions<SttOptions> options)
    {
        var settings = options.Value;
        var maxBody = settings.MaxAudioBytes + FormOverhead;
        if (!context.Request.HasFormContentType)
        {
            return OpenAIErrorResult.Create(StatusCodes.Status415UnsupportedMediaType, "Send multipart/form-data with the audio in a 'file' part.");
        }

        if (context.Request.ContentLength > maxBody)
        {
            return TooLarge(settings);
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBody;
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = maxBody }, context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(settings);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return OpenAIErrorResult.Create(StatusCodes.Status400BadRequest, "The multipart body is malformed or truncated.");
        }

        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return OpenAIErrorResult.Create(StatusCodes.Status400BadRequest, "The 'file' part with the audio is missing or empty.", "file");
        }

        if (file.Length > settings.MaxAudioBytes)
        {
            return TooLarge(settings);
        }

        var format = form["response_format"].ToString() is { Length: > 0 } named ? named : "json";
        if (format is not ("json" or "text" or "verbose_json"))
        {
            return OpenAIErrorResult.Create(StatusCodes.Status400BadRequest, $"response_format '{format}' is not supported; use json, text or verbose_json.", "response_format");
        }

        if (RecognitionLanguage.Resolve(form["language"].ToString(), settings.Language) is not { } language)
        {
            return OpenAIErrorResult.Create(StatusCodes.Status400BadRequest, $"language '{form["language"]}' is not supported; this service transcribes {settings.Language}.", "language");
        }

        using var bytes = new MemoryStream((int)file.Length);
        await file.CopyToAsync(bytes, context.RequestAborted);
        if (!WavFile.HasRiffHeader(bytes.GetBuffer().AsSpan(0, (int)bytes.Length)))
        {
            return OpenAIErrorResult.Create(StatusCodes.Status415UnsupportedMediaType, $"The file is not WAV audio; supported: {AudioReader.Supported}.", "file");
        }

        SpeechAudio audio;
        try
        {
            audio = AudioReader.Read(bytes.GetBuffer().AsSpan(0, (int)bytes.Length), AudioFormat.Wav, AudioLimits.From(settings));
        }
        catch (UnsupportedAudioException ex)
        {
            return OpenAIErrorResult.Create(StatusCodes.Status400BadRequest, ex.Message, "file");
        }

        if (!readiness.IsReady)
        {
            return OpenAIErrorResult.Create(StatusCodes.Status503ServiceUnavailable, $"The speech decoders are {readiness.Current.Phase}; /health turns ready when they are warm.", retryAfter: TimeSpan.FromSeconds(1));
        }

        TranscriptUpdate? final = null;
        try
        {
            await foreach (var update in transcriber.TranscribeAsync(audio, context.RequestAborted))
            {
                final = update.IsFinal ? update : final;
            }
        }
        catch (DecodersBusyException ex)
        {
            return OpenAIErrorResult.Create(StatusCodes.Status429TooManyRequests, ex.Message, code: "overloaded", retryAfter: TimeSpan.FromSeconds(1));
        }

        telemetry.Record(final!);
        var seconds = audio.Samples.Length / (double)SpeechAudio.SampleRate;
        context.Response.Headers[UsageHeaders.AudioSeconds] = seconds.ToString("0.###", CultureInfo.InvariantCulture);
        return format switch
        {
            "text" => Results.Text(final!.Text + "\n", "text/plain"),
            "verbose_json" => Results.Json(new
            {
                task = "transcribe",
                language,
                duration = seconds,
                text = final!.Text,
                segments = new[] { new { id = 0, start = 0.0, end = seconds, text = final.Text } },
            }),
            _ => Results.Json(new { text = final!.Text }),
        };
    }

    private static IResult TooLarge(SttOptions settings) =>
        OpenAIErrorResult.Create(StatusCodes.Status413PayloadTooLarge, $"The audio is larger than {settings.MaxAudioBytes} bytes (Stt:MaxAudioBytes).", "file");
}
