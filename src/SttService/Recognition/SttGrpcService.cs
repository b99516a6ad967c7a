using System.Diagnostics;
using Microsoft.Extensions.Options;
using Platform.Contracts.Stt;
using Grpc.Core;
using Platform.ServiceDefaults.Telemetry;
using Platform.SttService.Audio;

namespace Platform.SttService.Recognition;

/// <summary>
/// The Stt service of <c>stt.proto</c>. Transcribe checks the audio and language, decodes on a pooled decoder and
/// streams each new partial hypothesis (flushed at once), then one final transcript with audio and decode times.
/// A caller that cancels or passes its deadline stops the decode within one step.
/// </summary>
internal sealed class SttGrpcService(
    Transcriber transcriber,
    DecoderStatus status,
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
        try
        {
            var language = RecognitionLanguage.Resolve(request.Language, settings.Language)
                ?? throw new RpcException(new Status(StatusCode.InvalidArgument,
                    $"Language '{request.Language}' is not supported; this service transcribes {settings.Language} (Stt:Language)."));
            span?.SetTag("stt.language", language);

            var audio = Read(request);
            span?.SetTag("stt.input.sample_rate", audio.SourceSampleRate);
            span?.SetTag("stt.input.channels", audio.SourceChannels);
            if (!status.IsReady)
            {
                throw new RpcException(new Status(StatusCode.Unavailable,
                    $"The speech decoders are {status.Current.Phase}; /health turns ready when they are warm."));
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
    };
}
