using System.Runtime.InteropServices;
using System.Text;

namespace Platform.SttService.Pocketsphinx;

/// <summary>
/// One pocketsphinx decoder (<c>ps_decoder_t</c>) with its own copy of the model. It is not thread-safe: one call
/// decodes on it at a time, which <see cref="Recognition.DecoderPool"/> guarantees.
/// </summary>
internal sealed unsafe class PocketsphinxDecoder : IDisposable
{
    // cmd_ln_parse_r keeps pointers into argv for the life of the configuration, which the decoder retains.
    private readonly nint[] arguments;
    private readonly CepstralMean cepstralMean;
    private nint handle;

    private PocketsphinxDecoder(nint handle, nint[] arguments)
    {
        this.handle = handle;
        this.arguments = arguments;
        cepstralMean = CepstralMean.Capture(handle);
    }

    public bool InUtterance { get; private set; }

    public static PocketsphinxDecoder Load(PocketsphinxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        string[] argv =
        [
            "pocketsphinx",
            "-hmm", model.AcousticModelPath,
            "-lm", model.LanguageModelPath,
            "-dict", model.DictionaryPath,
            "-fwdflat", model.SecondPasses ? "yes" : "no",
            "-bestpath", model.SecondPasses ? "yes" : "no",
        ];
        var arguments = argv.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        try
        {
            fixed (nint* pointers = arguments)
            {
                var config = PocketsphinxNative.ParseArguments(0, PocketsphinxNative.Arguments(), arguments.Length, (byte**)pointers, 1);
                if (config == 0)
                {
                    throw new InvalidOperationException($"pocketsphinx rejected the decoder configuration for {model}.");
                }

                try
                {
                    var decoder = PocketsphinxNative.Init(config);
                    if (decoder == 0)
                    {
                        throw new InvalidOperationException($"pocketsphinx could not load {model}; set 'Stt:EngineLogPath' to a file to read its reason.");
                    }

                    try
                    {
                        return new PocketsphinxDecoder(decoder, arguments);
                    }
                    catch
                    {
                        PocketsphinxNative.Free(decoder);
                        throw;
                    }
                }
                finally
                {
                    // ps_init holds its own reference, released by ps_free; this drops the parser's.
                    PocketsphinxNative.FreeArguments(config);
                }
            }
        }
        catch
        {
            Release(arguments);
            throw;
        }
    }

    /// <summary>Starts an utterance from the model's initial cepstral mean, so it decodes the same whatever came before.</summary>
    public void StartUtterance()
    {
        cepstralMean.Restore();
        if (PocketsphinxNative.StartUtterance(Handle) < 0)
        {
            throw new InvalidOperationException("pocketsphinx could not start an utterance.");
        }

        InUtterance = true;
    }

    /// <summary>Decodes 16 kHz mono PCM16 samples, searching as it goes so that <see cref="Hypothesis"/> can be read.</summary>
    public void Process(ReadOnlySpan<short> samples)
    {
        fixed (short* data = samples)
        {
            if (PocketsphinxNative.ProcessRaw(Handle, data, (nuint)samples.Length, 0, 0) < 0)
            {
                throw new InvalidOperationException("pocketsphinx failed to decode a block of audio.");
            }
        }
    }

    /// <summary>The best hypothesis so far (the final one after <see cref="EndUtterance"/>); empty when there is none.</summary>
    public string Hypothesis()
    {
        var text = PocketsphinxNative.GetHypothesis(Handle, null);
        return text is null ? string.Empty : Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text));
    }

    public void EndUtterance()
    {
        InUtterance = false;
        if (PocketsphinxNative.EndUtterance(Handle) < 0)
        {
            throw new InvalidOperationException("pocketsphinx could not end the utterance.");
        }
    }

    public void Dispose()
    {
        var decoder = Interlocked.Exchange(ref handle, 0);
        if (decoder != 0)
        {
            PocketsphinxNative.Free(decoder);
            Release(arguments);
        }
    }

    private nint Handle => handle != 0 ? handle : throw new ObjectDisposedException(nameof(PocketsphinxDecoder));

    private static void Release(nint[] arguments)
    {
        foreach (var argument in arguments)
        {
            Marshal.FreeCoTaskMem(argument);
        }
    }
}
