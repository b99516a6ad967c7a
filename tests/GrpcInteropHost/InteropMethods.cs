using Google.Protobuf.WellKnownTypes;
using Platform.ServiceDefaults.Grpc;

namespace Platform.GrpcInteropHost;

public static class InteropMethods
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = InteropReflection.Descriptor.Services[0];

    public static readonly GrpcMethod<Int32Value, StringValue> Count = GrpcMethod<Int32Value, StringValue>.From(Service, "Count");
    public static readonly GrpcMethod<StringValue, StringValue> Ticks = GrpcMethod<StringValue, StringValue>.From(Service, "Ticks");
    public static readonly GrpcMethod<StringValue, StringValue> Echo = GrpcMethod<StringValue, StringValue>.From(Service, "Echo");
    public static readonly GrpcMethod<StringValue, StringValue> Fail = GrpcMethod<StringValue, StringValue>.From(Service, "Fail");
    public static readonly GrpcMethod<StringValue, StringValue> Crash = GrpcMethod<StringValue, StringValue>.From(Service, "Crash");
    public static readonly GrpcMethod<StringValue, StringValue> Wait = GrpcMethod<StringValue, StringValue>.From(Service, "Wait");
    public static readonly GrpcMethod<FlakyRequest, StringValue> Flaky = GrpcMethod<FlakyRequest, StringValue>.From(Service, "Flaky");
}
