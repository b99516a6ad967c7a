using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Platform.GrpcInteropHost;

public sealed class InteropService(CallObserver observer) : Interop.InteropBase
{
    public override async Task Count(Int32Value request, IServerStreamWriter<StringValue> writer, ServerCallContext context)
    {
        if (request.Value < 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Count must not be negative; got {request.Value}."));
        }

        for (var i = 0; i < request.Value; i++)
        {
            await writer.WriteAsync(new StringValue { Value = $"message {i}" }, context.CancellationToken);
        }
    }

    public override async Task Ticks(StringValue request, IServerStreamWriter<StringValue> writer, ServerCallContext context)
    {
        observer.Watch(request.Value, context.CancellationToken);
        for (var i = 0; ; i++)
        {
            await writer.WriteAsync(new StringValue { Value = $"tick {i}" }, context.CancellationToken);
            await Task.Delay(10, context.CancellationToken);
        }
    }

    public override Task<StringValue> Echo(StringValue request, ServerCallContext context) =>
        Task.FromResult(new StringValue { Value = request.Value });

    public override Task<StringValue> Fail(StringValue request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.InvalidArgument, request.Value));

    public override Task<StringValue> Crash(StringValue request, ServerCallContext context) =>
        throw new InvalidOperationException(request.Value);

    public override async Task<StringValue> Wait(StringValue request, ServerCallContext context)
    {
        observer.CountAttempt(request.Value);
        observer.Watch(request.Value, context.CancellationToken);
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
        return request;
    }

    public override async Task Flaky(FlakyRequest request, IServerStreamWriter<StringValue> writer, ServerCallContext context)
    {
        var attempt = observer.CountAttempt(request.Tag);
        var fails = attempt <= request.Failures;
        if (fails && request.AfterFirstMessage)
        {
            await writer.WriteAsync(new StringValue { Value = $"attempt {attempt}" }, context.CancellationToken);
        }

        if (fails)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"Attempt {attempt} of '{request.Tag}' fails on purpose."));
        }

        for (var i = 0; i < 3; i++)
        {
            await writer.WriteAsync(new StringValue { Value = $"attempt {attempt} message {i}" }, context.CancellationToken);
        }
    }
}
