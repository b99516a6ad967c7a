using Microsoft.Extensions.Options;
using Platform.Gateway.Conversations;
using Platform.Gateway.Turns;

namespace Platform.Gateway.Api;

/// <summary>What the turn endpoints use, given to each handler as one <c>[AsParameters]</c> parameter.</summary>
public sealed class TurnServices(ConversationStore store, TurnStarter starter, TurnEventReader reader, LiveTurns liveTurns, TurnEventLog eventLog, IOptions<GatewayOptions> options)
{
    public ConversationStore Store { get; } = store;

    public TurnStarter Starter { get; } = starter;

    public TurnEventReader Reader { get; } = reader;

    public LiveTurns LiveTurns { get; } = liveTurns;

    public TurnEventLog EventLog { get; } = eventLog;

    public IOptions<GatewayOptions> Options { get; } = options;
}
