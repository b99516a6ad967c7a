using Grpc.Core;
using Platform.Contracts.Tts;

namespace Platform.TtsService.Tests.Synthesis;

/// <summary>Requests the service refuses with INVALID_ARGUMENT, each message saying what it accepts.</summary>
public sealed class BadRequestTests(SharedTtsServer shared)
{
    [Fact]
    public async Task UnknownVoiceIsRefusedNamingTheVoicesThereAre()
    {
        var failure = await FailureAsync(Speech.Request(Texts.Sentence, voice: "hal9000"));

        AssertInvalid(failure, "Voice 'hal9000' is not known", "slt", "espeak-ng/", "Voices call");
    }

    [Fact]
    public async Task UnsupportedLanguageIsRefusedListingTheSupportedOnes()
    {
        var failure = await FailureAsync(Speech.Request(Texts.Sentence, language: "tlh-x-klingon"));

        AssertInvalid(failure, "'tlh-x-klingon' is not supported", "de", "fr-FR", "en-US");
    }

    [Fact]
    public async Task VoiceThatDoesNotSpeakTheRequestedLanguageIsRefused()
    {
        var failure = await FailureAsync(Speech.Request(Texts.German, voice: "slt", language: "de"));

        AssertInvalid(failure, "'slt' speaks en-US, not 'de'");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public async Task EmptyTextIsRefused(string text)
    {
        var failure = await FailureAsync(Speech.Request(text));

        AssertInvalid(failure, "empty");
    }

    [Fact]
    public async Task TextLongerThanMaxTextLengthIsRefusedNamingTheSetting()
    {
        var failure = await FailureAsync(Speech.Request(new string('a', 5001)));

        AssertInvalid(failure, "5,001 characters", "5,000", "Tts:MaxTextLength");
    }

    [Fact]
    public async Task UnknownAudioFormatIsRefused()
    {
        var request = Speech.Request(Texts.Sentence);
        request.Format = (AudioFormat)5;

        var failure = await FailureAsync(request);

        AssertInvalid(failure, "format 5 is not supported", "AUDIO_FORMAT_PCM16");
    }

    private Task<RpcException> FailureAsync(SynthesizeRequest request) =>
        Assert.ThrowsAsync<RpcException>(() => Speech.CollectAsync(shared.Server.Channel, request));

    private static void AssertInvalid(RpcException failure, params string[] fragments)
    {
        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, failure.Status.Detail, StringComparison.Ordinal);
        }
    }
}
