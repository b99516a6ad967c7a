using Microsoft.Extensions.Options;
using Platform.Gateway.Conversations;

namespace Platform.Gateway.Turns;

/// <summary>The checks every way of sending a message shares (HTTP, WebSocket), before the runner takes the turn.</summary>
public sealed class TurnStarter(TurnRunner runner, LiveTurns liveTurns, IOptions<GatewayOptions> options)
{
    public async Task<TurnStart> StartAsync(Conversation conversation, string? content, CancellationToken cancellationToken)
    {
        var text = content?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return Refuse("empty_message", "A turn needs some text in 'content'.", StatusCodes.Status400BadRequest);
        }

        if (text.Length > options.Value.MaxMessageChars)
        {
            return Refuse("message_too_long", $"The message has {text.Length} characters; the limit is {options.Value.MaxMessageChars}.", StatusCodes.Status413PayloadTooLarge);
        }

        if (liveTurns.IsRunningIn(conversation.Id))
        {
            return Refuse("turn_in_progress", "Wait for the current reply to finish, or cancel it, before sending the next message.", StatusCodes.Status409Conflict);
        }

        return new TurnStart(await runner.StartAsync(conversation, text, cancellationToken), null);
    }

    private static TurnStart Refuse(string code, string message, int status) => new(null, new TurnRefusal(code, message, status));
}
