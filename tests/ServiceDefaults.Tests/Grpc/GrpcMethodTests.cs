using Google.Protobuf.WellKnownTypes;
using Platform.GrpcInteropHost;
using Platform.ServiceDefaults.Grpc;

namespace Platform.ServiceDefaults.Tests.Grpc;

public sealed class GrpcMethodTests
{
    [Theory]
    [InlineData("platform.llm.v1.Llm", "Generate", "llm.generate")]
    [InlineData("platform.stt.v1.Stt", "Transcribe", "stt.transcribe")]
    [InlineData("platform.tts.v1.Tts", "Synthesize", "tts.synthesize")]
    [InlineData("grpc.testing.TestService", "UnaryCall", "test_service.unary_call")]
    [InlineData("Health", "Check", "health.check")]
    public void SpanNameIsTheServiceAndMethodInLowerSnakeCase(string service, string method, string spanName) =>
        Assert.Equal(spanName, new GrpcMethod<StringValue, StringValue>(MethodType.Unary, service, method).SpanName);

    [Fact]
    public void AMethodTakenFromItsDescriptorGetsItsSpanNameFromTheContract() =>
        Assert.Equal("interop.echo", InteropMethods.Echo.SpanName);
}
