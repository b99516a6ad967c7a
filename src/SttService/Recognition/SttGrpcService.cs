using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Platform.Contracts.Stt;
using Grpc.Core;
using Platform.ServiceDefaults.Readiness;
using Platform.ServiceDefaults.Telemetry;
using Platform.SttService.Audio;
using Platform.SttService.VoiceActivity;

namespace Platform.SttService.Recognition;

/// <summary>
/// The Stt service of <c>stt.proto</c>. Transcribe checks the audio and language, decodes on a pooled decoder and
/// streams each new partial hypothesis (flushed at once), then one final transcript with audio and decode times.
/// A caller that cancels or passes its deadline stops the decode within one step. StreamTranscribe decodes the
/// caller's audio as it arrives and streams partials, the endpointer's speech start and end, and a final per utterance.
/// </summary>
internal sealed class SttGrpcService(
    Transcriber transcriber,
    StreamingTranscriber streamingTranscriber,
    ServiceReadiness readiness,
    RecognitionTelemetry telemetry,
    IOptions<SttOptions> options) : Stt.SttBase
{
    public override async Task Transcribe(TranscribeRequest request, IServerStreamWriter<TranscriptEvent> writer, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(context);
        var span = context.Span;
        RecognitionTelemetry.Describe(span);
        var settings = options.Value;
        await ReportedAsync(span, async () =>
        {
            var language = RecognitionLanguage.Resolve(request.Language, settings.Language)
                ?? throw new RpcException(new Status(StatusCode.InvalidArgument,
                    $"Language '{request.Language}' is not supported; this service transcribes {settings.Language} (Stt:Language)."));
            span?.SetTag("stt.language", language);

            var audio = Read(request);
            span?.SetTag("stt.input.sample_rate", audio.SourceSampleRate);
            span?.SetTag("stt.input.channels", audio.SourceChannels);
            if (!readiness.IsReady)
            {
                throw new RpcException(new Status(StatusCode.Unavailable,
                    $"The speech decoders are {readiness.Current.Phase}; /health turns ready when they are warm."));
            }

            var partials = 0;
            TranscriptUpdate? last = null;
            await foreach (var update in transcriber.TranscribeAsync(audio, context.CancellationToken))
            {
                last = update;
                partials += update.IsFinal ? 0 : 1;
                RecognitionTelemetry.Describe(span, update, partials);
                await writer.WriteAsync(ToEvent(update), context.CancellationToken);
            }

            telemetry.Record(last!);
        });
    }

    public override async Task StreamTranscribe(IAsyncStreamReader<AudioInput> requestStream, IServerStreamWriter<TranscriptEvent> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var span = context.Span;
        RecognitionTelemetry.Describe(span);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        Task? pumping = null;
        try
        {
            await ReportedAsync(span, () => StreamAsync(requestStream, responseStream, context, span, reading.Token, started => pumping = started));
        }
        finally
        {
            // The call may end (endpointed, or failed) while the caller still sends; its reader stops with it.
            await reading.CancelAsync();
            if (pumping is not null)
            {
                await pumping;
            }
        }
    }

    private async Task StreamAsync(
        IAsyncStreamReader<AudioInput> requestStream,
        IServerStreamWriter<TranscriptEvent> responseStream,
        ServerCallContext context,
        Activity? span,
        CancellationToken reading,
        Action<Task> pumpStarted)
    {
        var settings = options.Value;
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.InputCase != AudioInput.InputOneofCase.Config)
        {
            throw Invalid("The first message of a StreamTranscribe call must be its config (format, language, endpointing).");
        }

        var config = requestStream.Current.Config;
        var language = RecognitionLanguage.Resolve(config.Language, settings.Language)
            ?? throw Invalid($"Language '{config.Language}' is not supported; this service transcribes {settings.Language} (Stt:Language).");
        span?.SetTag("stt.language", language);
        if (config.Format is not (AudioFormat.Pcm1616K or AudioFormat.Wav))
        {
            throw Invalid($"StreamTranscribe takes {AudioReader.Supported}; the config names {config.Format}.");
        }

        var stream = StreamSettingsOf(config.Endpointing ?? new Endpointing(), settings);
        span?.SetTag("stt.endpoint_mode", stream.Mode.ToString());
        if (!readiness.IsReady)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"The speech decoders are {readiness.Current.Phase}; /health turns ready when they are warm."));
        }

        var audio = Channel.CreateBounded<short[]>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
        pumpStarted(AudioInputPump.RunAsync(requestStream, config.Format, audio.Writer, settings, reading));
        var partials = 0;
        await foreach (var update in streamingTranscriber.TranscribeAsync(stream, audio.Reader, context.CancellationToken))
        {
            partials += update.IsFinal || update.Speech is not null || update.Stable ? 0 : 1;
            RecognitionTelemetry.Describe(span, update, partials);
            if (update.IsFinal)
            {
                telemetry.Record(update);
            }

            await responseStream.WriteAsync(ToEvent(update), context.CancellationToken);
        }
    }

    /// <summary>Runs a call's work, putting its failure on its span and turning a full queue into RESOURCE_EXHAUSTED.</summary>
    private static async Task ReportedAsync(Activity? span, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (DecodersBusyException ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw new RpcException(new Status(StatusCode.ResourceExhausted, ex.Message));
        }
        catch (RpcException ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Status.Detail);
            throw;
        }
        catch (OperationCanceledException)
        {
            RecognitionTelemetry.Cancelled(span);
            throw;
        }
    }

    private static StreamSettings StreamSettingsOf(Endpointing endpointing, SttOptions settings)
    {
        var maxMilliseconds = settings.MaxAudioSeconds * 1000;
        var trailing = endpointing.TrailingSilenceMs == 0 ? settings.TrailingSilenceMilliseconds : endpointing.TrailingSilenceMs;
        if (trailing is < 50 or > 5000)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"endpointing.trailing_silence_ms must be between 50 and 5000; it is {trailing}."));
        }

        var longest = endpointing.MaxUtteranceMs == 0 ? maxMilliseconds : endpointing.MaxUtteranceMs;
        if (longest < 500 || longest > maxMilliseconds)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"endpointing.max_utterance_ms must be between 500 and {maxMilliseconds} (Stt:MaxAudioSeconds); it is {longest}."));
        }

        if (endpointing.StablePartialMs is not (0 or (>= 10 and <= 5000)))
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"endpointing.stable_partial_ms must be 0 (none) or between 10 and 5000; it is {endpointing.StablePartialMs}."));
        }

        var mode = endpointing.Mode switch
        {
            EndpointMode.Single => StreamMode.Single,
            EndpointMode.Manual => StreamMode.Manual,
            EndpointMode.Continuous => StreamMode.Continuous,
            _ => throw Invalid($"endpointing.mode {endpointing.Mode} is not one this service knows."),
        };
        var endpointer = new EndpointerSettings(trailing, settings.MinSpeechMilliseconds, settings.SpeechThresholdDbfs, settings.NoiseMarginDb);
        return new StreamSettings(endpointer, mode, longest, settings.PreRollMilliseconds, endpointing.StablePartialMs);
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    private SpeechAudio Read(TranscribeRequest request)
    {
        try
        {
            return AudioReader.Read(request.Audio.Span, request.Format, AudioLimits.From(options.Value));
        }
        catch (UnsupportedAudioException ex)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
        }
    }

    private static TranscriptEvent ToEvent(TranscriptUpdate update) => new()
    {
        Text = update.Text,
        IsFinal = update.IsFinal,
        AudioMs = update.AudioMilliseconds,
        DecodeMs = (int)Math.Round(update.DecodeTime.TotalMilliseconds),
        QueueMs = (int)Math.Round(update.QueueTime.TotalMilliseconds),
        Speech = update.Speech switch
        {
            SpeechEdge.Started => SpeechEvent.Started,
            SpeechEdge.Ended => SpeechEvent.Ended,
            _ => SpeechEvent.None,
        },
        SpeechMs = update.SpeechMilliseconds,
        EndReason = update.End switch
        {
            UtteranceEnd.EndMarker => EndReason.EndMarker,
            UtteranceEnd.Endpoint => EndReason.Endpoint,
            UtteranceEnd.MaxLength => EndReason.MaxLength,
            _ => EndReason.Unspecified,
        },
        Utterance = update.Utterance,
        Stable = update.Stable,
    };
}
