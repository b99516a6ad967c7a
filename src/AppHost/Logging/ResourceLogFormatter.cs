using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Platform.AppHost.Logging;

/// <summary>
/// One console line per entry, prefixed with the time and the name of whoever wrote it: a resource's own output
/// under the resource's name, the AppHost's decisions under "apphost".
/// </summary>
internal sealed class ResourceLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "resource";
    private const int NameWidth = 14;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var level = logEntry.LogLevel switch
        {
            LogLevel.Warning => "warn: ",
            LogLevel.Error => "fail: ",
            LogLevel.Critical => "crit: ",
            _ => string.Empty,
        };
        var name = logEntry.Category.Length > NameWidth ? logEntry.Category[^NameWidth..] : logEntry.Category.PadRight(NameWidth);
        textWriter.Write($"{DateTime.Now:HH:mm:ss.fff} {name} | {level}{message}");
        if (logEntry.Exception is not null)
        {
            textWriter.Write($" ({logEntry.Exception})");
        }

        textWriter.Write('\n');
    }
}
