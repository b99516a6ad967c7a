using System.Collections.Concurrent;
using System.Globalization;

namespace Platform.Testing.Speech;

/// <summary>
/// Real speech for the tests: flite's slt voice speaks a sentence to a WAV (16 kHz mono), and sox converts it to
/// other rates and channel counts. Made once per sentence and format, in a temporary folder removed at the end.
/// </summary>
public sealed class SpeechClips : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("stt-tests-").FullName;
    private readonly ConcurrentDictionary<(string Text, int Rate, int Channels), Lazy<Task<byte[]>>> clips = new();

    public Task<byte[]> WavAsync(string text, int sampleRate = 16_000, int channels = 1) =>
        clips.GetOrAdd((text, sampleRate, channels), key => new Lazy<Task<byte[]>>(() => CreateAsync(key.Text, key.Rate, key.Channels))).Value;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<byte[]> CreateAsync(string text, int sampleRate, int channels)
    {
        var name = Guid.NewGuid().ToString("N");
        var spoken = Path.Combine(folder, name + ".flite.wav");
        await ToolProcess.RunAsync("flite", "-voice", "slt", "-t", text, "-o", spoken);
        var converted = Path.Combine(folder, name + ".wav");
        await ToolProcess.RunAsync("sox", spoken, "-r", sampleRate.ToString(CultureInfo.InvariantCulture),
            "-c", channels.ToString(CultureInfo.InvariantCulture), "-b", "16", "-e", "signed-integer", converted);
        return await File.ReadAllBytesAsync(converted, TestContext.Current.CancellationToken);
    }
}
