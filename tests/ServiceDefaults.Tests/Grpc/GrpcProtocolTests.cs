using Platform.ServiceDefaults.Grpc;

namespace Platform.ServiceDefaults.Tests.Grpc;

public sealed class GrpcProtocolTests
{
    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/grpc; charset=utf-8", true)]
    [InlineData("application/grpc-web", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void RecognisesGrpcContentTypes(string? contentType, bool expected) =>
        Assert.Equal(expected, GrpcProtocol.IsGrpcContentType(contentType));

    [Theory]
    [InlineData("200m", 200)]
    [InlineData("3S", 3_000)]
    [InlineData("2M", 120_000)]
    [InlineData("1H", 3_600_000)]
    [InlineData("1500u", 1.5)]
    [InlineData("2000000n", 2)]
    public void ParsesEveryTimeoutUnit(string header, double expectedMilliseconds)
    {
        Assert.True(GrpcProtocol.TryParseTimeout(header, out var timeout));
        Assert.Equal(expectedMilliseconds, timeout.TotalMilliseconds, 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("123456789m")]
    [InlineData("-5m")]
    public void RejectsMalformedTimeouts(string header) => Assert.False(GrpcProtocol.TryParseTimeout(header, out _));

    [Fact]
    public void FormatsTimeoutsWithinEightDigitsAndRoundsUp()
    {
        Assert.Equal("201m", GrpcProtocol.FormatTimeout(TimeSpan.FromMilliseconds(200.2)));
        Assert.Equal("100000S", GrpcProtocol.FormatTimeout(TimeSpan.FromSeconds(100_000)));
        Assert.True(GrpcProtocol.TryParseTimeout(GrpcProtocol.FormatTimeout(TimeSpan.FromDays(5000)), out _));
    }

    [Theory]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("100% done", "100%25 done")]
    [InlineData("ünï ✓", "%C3%BCn%C3%AF %E2%9C%93")]
    [InlineData("line\nbreak", "line%0Abreak")]
    public void PercentEncodesStatusMessagesAsTheSpecAsks(string message, string encoded)
    {
        Assert.Equal(encoded, GrpcProtocol.EncodeMessage(message));
        Assert.Equal(message, GrpcProtocol.DecodeMessage(encoded));
    }

    [Fact]
    public void KeepsMalformedEscapesAsTheyAre() => Assert.Equal("50%zz", GrpcProtocol.DecodeMessage("50%zz"));

    [Theory]
    [InlineData(400, StatusCode.Internal)]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(404, StatusCode.Unimplemented)]
    [InlineData(503, StatusCode.Unavailable)]
    [InlineData(500, StatusCode.Unknown)]
    public void MapsHttpStatusesWithoutGrpcStatus(int httpStatus, StatusCode expected) =>
        Assert.Equal(expected, GrpcProtocol.FromHttpStatus(httpStatus));
}
