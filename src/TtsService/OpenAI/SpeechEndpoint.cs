using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Audio;
using Platform.Contracts.OpenAI;
using Platform.ServiceDefaults.OpenAI;
using Platform.ServiceDefaults.Readiness;
using Platform.TtsService.Synthesis;
using Platform.TtsService.Voices;

namespace Platform.TtsService.OpenAI;

/// <summary>
/// OpenAI's <c>POST /v1/audio/speech</c> beside the Synthesize RPC, on the same <see cref="Synthesizer"/>. OpenAI's
/// model names (<c>tts-1</c>, <c>tts-1-hd</c>, ...) and voice names (<c>alloy</c>, <c>nova</c>, ...) take the default
/// engine and voice; this service's own voice names choose theirs. <c>speed</c> is the engine's speaking rate (see
/// <see cref="Engines.SpeechEngine.SynthesizeAsync"/>), not a faster playback. <c>wav</c> keeps the voice's own rate,
/// which its header names; <c>pcm</c> is resampled to OpenAI's 24 kHz. This port is internal (behind the Gateway): it
/// trusts its caller.
/// </summary>
public static class SpeechEndpoint
{
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>The rate of OpenAI's <c>pcm</c>, which its clients play without being told it.</summary>
    public const int PcmSampleRate = 24_000;

    private static readonly HashSet<string> OpenAIVoices = new(StringComparer.OrdinalIgnoreCase)
    {
        "alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse",
    };

    public static IEndpointRouteBuilder MapOpenAI(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/audio/speech", SpeakAsync).WithTags("OpenAI");
        return endpoints;
    }

    private static async Task<IResult> SpeakAsync(HttpContext context, ServiceReadiness readiness, VoiceWarmUp warmUp, Synthesizer synthesizer, IOptions<TtsOptions> options)
    {
        if (!context.Request.HasJsonContentType())
        {
            return OpenAIErrorResult.Create(StatusCodes.Status415UnsupportedMediaType, "Send the request as application/json.");
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return OpenAIErrorResult.Create(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodyBytes} bytes.");
        }

        SpeechRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<SpeechRequest>(context.Request.Body, JsonSerializerOptions.Web, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return OpenAIErrorResult.Create(StatusCodes.Status400BadRequest, $"The JSON body is malformed or holds a value of the wrong type at {ex.Path ?? "$"}.", ex.Path);
        }

        if (string.IsNullOrWhiteSpace(request?.Input))
        {
            return OpenAIErrorResult.Create(StatusCodes.Status400BadRequest, "'input' is empty; there is nothing to say.", "input");
        }

        var limit = options.Value.MaxTextLength;
        if (request.Input.Length > limit)
        {
            return OpenAIErrorResult.Create(StatusCodes.Status400BadRequest, string.Create(CultureInfo.InvariantCulture, $"'input' is {request.Input.Length} characters; at most {limit} are accepted."), "input");
        }

        var format = request.ResponseFormat ?? "wav";
        if (format is not ("wav" or "pcm"))
        {
            return OpenAIErrorResult.Create(StatusCodes.Status400BadRequest, $"response_format '{format}' is not supported; use wav or pcm (24 kHz 16-bit mono PCM).", "response_format");
        }

        var speed = request.Speed ?? 1f;
        if (!(speed is >= 0.25f and <= 4f))
        {
            return OpenAIErrorResult.Create(StatusCodes.Status400BadRequest, $"speed is {speed.ToString(CultureInfo.InvariantCulture)}; it must be between 0.25 and 4.", "speed");
        }

        if (!readiness.IsReady || warmUp.Catalog is not { } catalog)
        {
            return OpenAIErrorResult.Create(StatusCodes.Status503ServiceUnavailable, $"The voices are {readiness.Current.Phase}; /health turns ready when they are warm.", retryAfter: TimeSpan.FromSeconds(1));
        }

        SpeechVoice voice;
        try
        {
            voice = catalog.Select(request.Voice is null || OpenAIVoices.Contains(request.Voice) ? null : request.Voice, null);
        }
        catch (VoiceSelectionException ex)
        {
            return OpenAIErrorResult.Create(StatusCodes.Status400BadRequest, ex.Message, "voice");
        }

        var samples = new List<short>();
        var sampleRate = voice.SampleRate;
        await foreach (var chunk in synthesizer.SynthesizeAsync(catalog.EngineOf(voice), voice, TextSegmenter.Split(request.Input), speed, new SynthesisMeasurements(), context.RequestAborted))
        {
            sampleRate = chunk.Chunk.SampleRate;
            for (var i = 0; i + 1 < chunk.Chunk.Pcm.Length; i += 2)
            {
                samples.Add(BinaryPrimitives.ReadInt16LittleEndian(chunk.Chunk.Pcm.Span[i..]));
            }
        }

        var audioRate = format == "pcm" ? PcmSampleRate : sampleRate;
        var audio = audioRate == sampleRate ? [.. samples] : Resampler.For(sampleRate, audioRate).Process(CollectionsMarshal.AsSpan(samples));
        var bytes = new byte[audio.Length * 2];
        for (var i = 0; i < audio.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), audio[i]);
        }

        context.Response.Headers[UsageHeaders.AudioSeconds] = ((double)audio.Length / audioRate).ToString("0.###", CultureInfo.InvariantCulture);
        context.Response.Headers["X-Sample-Rate"] = audioRate.ToString(CultureInfo.InvariantCulture);
        return format == "wav"
            ? Results.Bytes([.. Wav.Header(bytes.Length, audioRate), .. bytes], "audio/wav")
            : Results.Bytes(bytes, "audio/pcm");
    }
}
