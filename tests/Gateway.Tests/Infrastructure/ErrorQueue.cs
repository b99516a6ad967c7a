using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>Reads what MassTransit moved to a job queue's <c>_error</c> queue on a real RabbitMQ.</summary>
public static class ErrorQueue
{
    /// <summary>The fault MassTransit recorded on the conversation's job in <paramref name="queue"/>, or null while it is not there.</summary>
    public static async Task<string?> FaultAsync(IConnection connection, string queue, Guid conversation)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // A missing queue closes the channel, so each look gets a fresh one.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            while (await channel.BasicGetAsync(queue, autoAck: true, TestContext.Current.CancellationToken) is { } message)
            {
                if (Encoding.UTF8.GetString(message.Body.Span).Contains(conversation.ToString(), StringComparison.Ordinal))
                {
                    object? fault = null;
                    message.BasicProperties.Headers?.TryGetValue("MT-Fault-Message", out fault);
                    return fault switch
                    {
                        byte[] text => Encoding.UTF8.GetString(text),
                        { } other => other.ToString() ?? string.Empty,
                        null => string.Empty,
                    };
                }
            }
        }
        catch (OperationInterruptedException)
        {
            // The error queue is declared with the first fault; until then it does not exist.
        }

        return null;
    }
}
