using Grpc.Core;
using Platform.Contracts.Tts;
using Platform.TtsService.Synthesis;

namespace Platform.TtsService.Tests.Voices;

public sealed class VoicesTests(SharedTtsServer shared)
{
    [Fact]
    public async Task VoicesListsTheFliteVoicesAndAHundredEspeakNgLanguagesWithTheirRates()
    {
        var reply = await new Tts.TtsClient(shared.Server.Channel).VoicesAsync(new VoicesRequest(), new CallOptions(cancellationToken: TestContext.Current.CancellationToken)).ResponseAsync;

        Assert.Equal("slt", reply.DefaultVoice);
        var flite = reply.Voices.Where(v => v.Engine == "flite").ToList();
        Assert.Equal(["slt", "rms", "awb", "kal16"], flite.Select(v => v.Name));
        Assert.All(flite, v => Assert.Equal(("en-US", 16_000), (v.Language, v.SampleRate)));
        var espeak = reply.Voices.Where(v => v.Engine == "espeak-ng").ToList();
        Assert.True(espeak.Count >= 100, $"{espeak.Count} espeak-ng voices");
        Assert.All(espeak, v => Assert.StartsWith("espeak-ng/", v.Name, StringComparison.Ordinal));
        Assert.All(espeak, v => Assert.Equal(22_050, v.SampleRate));
        Assert.Equal(reply.Voices.Count, reply.Voices.Select(v => v.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains(espeak, v => v is { Name: "espeak-ng/de", Language: "de" });
        Assert.Contains(espeak, v => v is { Name: "espeak-ng/pt-BR", Language: "pt-BR" });
        Assert.Contains(espeak, v => v is { Name: "espeak-ng/cmn", Language: "cmn" });
        Assert.True(reply.Voices.Select(v => v.Language).Distinct().Count() >= 90);
    }
}
