using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Platform.Contracts.Tts;
using Grpc.Core;
using Platform.ServiceDefaults.Readiness;
using Platform.ServiceDefaults.Telemetry;
using Platform.TtsService.Engines;
using Platform.TtsService.Voices;

namespace Platform.TtsService.Synthesis;

/// <summary>
/// The Tts service of <c>tts.proto</c>. Synthesize picks the voice, then streams the engine's audio in chunks as it
/// is produced, each flushed at once; a caller that cancels or passes its deadline stops the engine within one
/// chunk. Voices lists every loaded voice.
/// </summary>
internal sealed class TtsGrpcService(
    ServiceReadiness readiness,
    VoiceWarmUp voices,
    Synthesizer synthesizer,
    SynthesisTelemetry telemetry,
    IOptions<TtsOptions> options) : Tts.TtsBase
{
    public override async Task Synthesize(SynthesizeRequest request, IServerStreamWriter<AudioChunk> writer, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(context);
        var received = Stopwatch.GetTimestamp();
        var span = context.Span;
        var measurements = new SynthesisMeasurements();
        try
        {
            var text = Validate(request);
            var catalog = ReadyCatalog();
            var voice = Select(catalog, request);
            var segments = TextSegmenter.Split(text);
            SynthesisTelemetry.DescribeVoice(span, voice, text.Length, segments.Count);

            TimeSpan? firstChunk = null;
            var chunks = 0;
            await foreach (var chunk in synthesizer.SynthesizeAsync(catalog.EngineOf(voice), voice, segments, SpeechEngine.VoiceSpeed, measurements, context.CancellationToken))
            {
                await writer.WriteAsync(new AudioChunk
                {
                    Pcm = UnsafeByteOperations.UnsafeWrap(chunk.Chunk.Pcm),
                    SampleRate = chunk.Chunk.SampleRate,
                    Index = chunk.Index,
                    Last = chunk.Last,
                }, context.CancellationToken);
                if (firstChunk is null)
                {
                    firstChunk = Stopwatch.GetElapsedTime(received);
                    SynthesisTelemetry.FirstAudio(span, firstChunk.Value);
                }

                chunks++;
            }

            telemetry.Record(span, voice, measurements, firstChunk, Stopwatch.GetElapsedTime(received), chunks);
        }
        catch (RpcException ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Status.Detail);
            throw;
        }
        catch (OperationCanceledException)
        {
            SynthesisTelemetry.Cancelled(span, measurements);
            throw;
        }
    }

    public override Task<VoicesReply> Voices(VoicesRequest request, ServerCallContext context)
    {
        var catalog = voices.Catalog ?? throw NotReady();
        var reply = new VoicesReply { DefaultVoice = catalog.Default.Name };
        reply.Voices.AddRange(catalog.Voices.Select(voice => new Voice
        {
            Name = voice.Name,
            Language = voice.Language,
            Engine = voice.Engine,
            SampleRate = voice.SampleRate,
        }));
        return Task.FromResult(reply);
    }

    private string Validate(SynthesizeRequest request)
    {
        if (request.Format is not (AudioFormat.Unspecified or AudioFormat.Pcm16))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture,
                $"Audio format {(int)request.Format} is not supported; the service produces AUDIO_FORMAT_PCM16 (mono, little-endian, at each chunk's sample_rate).")));
        }

        if (string.IsNullOrWhiteSpace(request.Text))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The text is empty; there is nothing to say."));
        }

        var limit = options.Value.MaxTextLength;
        return request.Text.Length <= limit
            ? request.Text
            : throw new RpcException(new Status(StatusCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture,
                $"The text is {request.Text.Length:N0} characters; at most {limit:N0} are accepted (Tts:MaxTextLength). Send it in parts.")));
    }

    private VoiceCatalog ReadyCatalog() => readiness.IsReady && voices.Catalog is { } catalog ? catalog : throw NotReady();

    private RpcException NotReady() =>
        new(new Status(StatusCode.Unavailable, $"The voices are {readiness.Current.Phase}; /health turns ready when they are warm."));

    private static SpeechVoice Select(VoiceCatalog catalog, SynthesizeRequest request)
    {
        try
        {
            return catalog.Select(request.Voice, request.Language);
        }
        catch (VoiceSelectionException ex)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
        }
    }
}
