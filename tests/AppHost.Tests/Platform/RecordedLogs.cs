using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Platform.AppHost.Tests.Platform;

/// <summary>Every message the AppHost logs, kept for assertions (the restart messages, for one).</summary>
public sealed class RecordedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, string Message)> messages = new();

    public IEnumerable<string> From(string category) => messages.Where(m => m.Category == category).Select(m => m.Message);

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, messages);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<(string, string)> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue((category, formatter(state, exception)));
    }
}
