using System.Text;

namespace Platform.Gateway.Turns;

/// <summary>What LlmService has produced of a reply so far; a turn that ends early stores and reports this much.</summary>
public sealed class GeneratedReply
{
    public StringBuilder Text { get; } = new();

    public string Model { get; set; } = string.Empty;

    public int PromptTokens { get; set; }

    public int CompletionTokens { get; set; }

    public int DroppedMessages { get; set; }

    public string? FinishReason { get; set; }
}
