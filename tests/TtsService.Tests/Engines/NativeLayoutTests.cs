using System.Runtime.CompilerServices;
using Platform.TtsService.Engines.EspeakNg;
using Platform.TtsService.Engines.Flite;

namespace Platform.TtsService.Tests.Engines;

/// <summary>The native structs match their C declarations on x86-64 (speak_lib.h, cst_audio.h, cst_wave.h).</summary>
public sealed class NativeLayoutTests
{
    [Fact]
    public void StructSizesMatchTheHeaders()
    {
        Assert.Equal(40, Unsafe.SizeOf<EspeakNgVoice>());
        Assert.Equal(40, Unsafe.SizeOf<FliteStreamingInfo>());
        Assert.Equal(32, Unsafe.SizeOf<FliteWave>());
    }

    [Fact]
    public unsafe void FieldOffsetsMatchTheHeaders()
    {
        var info = default(FliteStreamingInfo);
        var wave = default(FliteWave);
        var voice = default(EspeakNgVoice);

        Assert.Equal(8, (byte*)&info.Callback - (byte*)&info);
        Assert.Equal(32, (byte*)&info.UserData - (byte*)&info);
        Assert.Equal(8, (byte*)&wave.SampleRate - (byte*)&wave);
        Assert.Equal(24, (byte*)&wave.Samples - (byte*)&wave);
        Assert.Equal(24, (byte*)&voice.Gender - (byte*)&voice);
        Assert.Equal(28, (byte*)&voice.Score - (byte*)&voice);
    }
}
