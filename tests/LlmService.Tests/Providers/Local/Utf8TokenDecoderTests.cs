using System.Text;
using Platform.LlmService.Providers.Local;

namespace Platform.LlmService.Tests.Providers.Local;

public sealed class Utf8TokenDecoderTests
{
    [Theory]
    [InlineData("héllo wörld")]
    [InlineData("数据 世界")]
    [InlineData("emoji 🙂 and 👩‍👩‍👧")]
    public void BytesArrivingOneAtATimeNeverSplitACharacter(string text)
    {
        var decoder = new Utf8TokenDecoder();
        var pieces = Encoding.UTF8.GetBytes(text).Select(b => decoder.Append([b])).ToList();
        pieces.Add(decoder.Flush());

        Assert.Equal(text, string.Concat(pieces));
        Assert.All(pieces, piece => Assert.DoesNotContain('\uFFFD', piece));
        Assert.All(pieces.Where(piece => piece.Length > 0), piece => Assert.False(char.IsHighSurrogate(piece[^1]), $"'{piece}' ends inside a surrogate pair"));
    }

    [Fact]
    public void AFourByteCharacterSplitOverTwoTokensComesOutWholeWithTheSecond()
    {
        var decoder = new Utf8TokenDecoder();
        var smile = Encoding.UTF8.GetBytes("a🙂");

        var first = decoder.Append(smile.AsSpan(0, 3));
        var second = decoder.Append(smile.AsSpan(3));

        Assert.Equal("a", first);
        Assert.Equal("🙂", second);
    }

    [Fact]
    public void BytesThatNeverCompleteACharacterBecomeOneReplacementCharacterAtTheEnd()
    {
        var decoder = new Utf8TokenDecoder();

        var text = decoder.Append([(byte)'x', 0xE4, 0xB8]);

        Assert.Equal("x", text);
        Assert.Equal("\uFFFD", decoder.Flush());
    }
}
