using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Tests.Streaming;

public sealed class SocketWriterTests
{
    private const string Frame = "{\"type\":\"pong\"}";

    [Fact]
    public async Task AFrameThatComesAfterTheSocketClosedIsDroppedWithoutCallingTheClientSlow()
    {
        using var socket = WebSocket.CreateFromStream(new MemoryStream(), new WebSocketCreationOptions { IsServer = true });
        var logger = new WarningLog();
        var writer = new SocketWriter(socket, Guid.NewGuid(), logger);
        writer.Start(CancellationToken.None);
        writer.Write(Frame);
        await writer.CloseAsync();

        writer.Write(Frame);

        Assert.Empty(logger.Warnings);
    }

    [Fact]
    public void AClientAWholeOutboxBehindIsClosedAndLogged()
    {
        using var socket = WebSocket.CreateFromStream(new MemoryStream(), new WebSocketCreationOptions { IsServer = true });
        var logger = new WarningLog();
        // Never started, so nothing leaves the outbox: the client is as slow as a client can be.
        var writer = new SocketWriter(socket, Guid.NewGuid(), logger);

        var written = 0;
        while (!writer.Closing.IsCancellationRequested && written < 100_000)
        {
            writer.Write(Frame);
            written++;
        }

        Assert.True(writer.Closing.IsCancellationRequested, $"still open after {written} frames");
        Assert.Contains("fell too far behind", Assert.Single(logger.Warnings), StringComparison.Ordinal);
    }

    private sealed class WarningLog : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
