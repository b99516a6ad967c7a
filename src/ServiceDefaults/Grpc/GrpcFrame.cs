using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>The 5-byte length-prefixed message framing of gRPC: one compressed-flag byte, then a big-endian length.</summary>
public static class GrpcFrame
{
    public static void Write<T>(IBufferWriter<byte> writer, T message, int maxMessageSize)
        where T : IMessage<T>
    {
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted,
                $"Sending message exceeds the maximum configured message size ({size} vs. {maxMessageSize} bytes).");
        }

        var span = writer.GetSpan(GrpcProtocol.HeaderSize + size);
        span[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
        message.WriteTo(span.Slice(GrpcProtocol.HeaderSize, size));
        writer.Advance(GrpcProtocol.HeaderSize + size);
    }

    public static byte[] ToArray<T>(T message, int maxMessageSize)
        where T : IMessage<T>
    {
        var buffer = new ArrayBufferWriter<byte>(GrpcProtocol.HeaderSize + message.CalculateSize());
        Write(buffer, message, maxMessageSize);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the next message, or null when the stream ends cleanly between messages.</summary>
    public static async ValueTask<T?> ReadAsync<T>(PipeReader reader, MessageParser<T> parser, int maxMessageSize, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;

            if (TryReadFrame(ref buffer, maxMessageSize, out var payload))
            {
                T message;
                try
                {
                    message = parser.ParseFrom(payload);
                }
                catch (InvalidProtocolBufferException ex)
                {
                    throw new RpcException(new Status(StatusCode.Internal, "Error parsing the message."), ex);
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start);
                }

                return message;
            }

            if (result.IsCompleted)
            {
                var empty = buffer.IsEmpty;
                reader.AdvanceTo(buffer.End);
                return empty ? null : throw new RpcException(StatusCode.Internal, "Incomplete message: the stream ended inside a frame.");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < GrpcProtocol.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocol.HeaderSize];
        buffer.Slice(0, GrpcProtocol.HeaderSize).CopyTo(header);

        if (header[0] != 0)
        {
            throw new RpcException(StatusCode.Internal, "Compressed messages are not supported; send them with the identity encoding.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > maxMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted,
                $"Received message exceeds the maximum configured message size ({length} vs. {maxMessageSize} bytes).");
        }

        if (buffer.Length < GrpcProtocol.HeaderSize + length)
        {
            return false;
        }

        payload = buffer.Slice(GrpcProtocol.HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }
}
