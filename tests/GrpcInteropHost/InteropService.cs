using Google.Protobuf.WellKnownTypes;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Grpc.Server;

namespace Platform.GrpcInteropHost;

public sealed class InteropService(CallObserver observer) : IGrpcService<InteropService>
{
    public static void Bind(GrpcServiceBinder<InteropService> binder) => binder
        .ServerStreaming(InteropMethods.Count, (service, request, writer, context) => service.Count(request, writer, context))
        .ServerStreaming(InteropMethods.Ticks, (service, request, writer, context) => service.Ticks(request, writer, context))
        .Unary(InteropMethods.Echo, (service, request, context) => service.Echo(request, context))
        .Unary(InteropMethods.Fail, (service, request, context) => service.Fail(request, context))
        .Unary(InteropMethods.Crash, (service, request, context) => service.Crash(request, context))
        .Unary(InteropMethods.Wait, (service, request, context) => service.Wait(request, context))
        .ServerStreaming(InteropMethods.Flaky, (service, request, writer, context) => service.Flaky(request, writer, context));

    private async Task Count(Int32Value request, IServerStreamWriter<StringValue> writer, ServerCallContext context)
    {
        if (request.Value < 0)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"Count must not be negative; got {request.Value}.");
        }

        for (var i = 0; i < request.Value; i++)
        {
            await writer.WriteAsync(new StringValue { Value = $"message {i}" }, context.CancellationToken);
        }
    }

    private async Task Ticks(StringValue request, IServerStreamWriter<StringValue> writer, ServerCallContext context)
    {
        observer.Watch(request.Value, context.CancellationToken);
        for (var i = 0; ; i++)
        {
            await writer.WriteAsync(new StringValue { Value = $"tick {i}" }, context.CancellationToken);
            await Task.Delay(10, context.CancellationToken);
        }
    }

    private Task<StringValue> Echo(StringValue request, ServerCallContext context) =>
        Task.FromResult(new StringValue { Value = request.Value });

    private Task<StringValue> Fail(StringValue request, ServerCallContext context) =>
        throw new RpcException(StatusCode.InvalidArgument, request.Value);

    private Task<StringValue> Crash(StringValue request, ServerCallContext context) =>
        throw new InvalidOperationException(request.Value);

    private async Task<StringValue> Wait(StringValue request, ServerCallContext context)
    {
        observer.Watch(request.Value, context.CancellationToken);
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
        return request;
    }

    private async Task Flaky(FlakyRequest request, IServerStreamWriter<StringValue> writer, ServerCallContext context)
    {
        var attempt = observer.CountAttempt(request.Tag);
        var fails = attempt <= request.Failures;
        if (fails && request.AfterFirstMessage)
        {
            await writer.WriteAsync(new StringValue { Value = $"attempt {attempt}" }, context.CancellationToken);
        }

        if (fails)
        {
            throw new RpcException(StatusCode.Unavailable, $"Attempt {attempt} of '{request.Tag}' fails on purpose.");
        }

        for (var i = 0; i < 3; i++)
        {
            await writer.WriteAsync(new StringValue { Value = $"attempt {attempt} message {i}" }, context.CancellationToken);
        }
    }
}
