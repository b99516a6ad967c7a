using Microsoft.Extensions.Options;
using Platform.Gateway.Conversations;
using Platform.Gateway.Llm;

namespace Platform.Gateway.Turns;

/// <summary>Starts generating a reply to words not yet stored, with the prompt their turn will build once they are.</summary>
public sealed class SpeculationStarter(TurnPrompts prompts, LlmClient llm, IOptions<GatewayOptions> options, IHostApplicationLifetime lifetime)
{
    /// <summary>Nothing of it is stored, scored or emitted until a turn takes it over.</summary>
    public Speculation Start(Conversation conversation, string message) =>
        Speculation.Start(message, token => prompts.ForUnstoredMessageAsync(conversation, message, token), llm, options.Value.GenerationTimeout, lifetime.ApplicationStopping);
}
