using System.ComponentModel.DataAnnotations;

namespace Platform.Gateway;

public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>The longest user message accepted, in characters.</summary>
    [Range(1, 100_000)]
    public int MaxMessageChars { get; set; } = 4_000;

    /// <summary>The largest audio of one voice turn, in bytes (60 s of 16 kHz PCM16 is 1.9 MB).</summary>
    [Range(1_024, 64 * 1024 * 1024)]
    public int MaxAudioBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The longest spoken utterance over the WebSocket; a longer one is cut there and its transcript kept.</summary>
    [Range(1, 60)]
    public int MaxUtteranceSeconds { get; set; } = 30;

    /// <summary>
    /// How long a hands-free microphone may stay open, holding one of SttService's decoders all the while; past it the
    /// next audio frame closes it (what was being said still becomes a turn) with a <c>hands_free_session_over</c> error.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxHandsFreeSession { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Speculative generation on the WebSocket's microphone: a partial transcript unchanged for this long in the
    /// trailing silence starts the reply before the final transcript, kept if the final says the same; 0 turns it off.
    /// </summary>
    [Range(0, 5000)]
    public int SpeculationStableMilliseconds { get; set; } = 150;

    /// <summary>How many of the latest messages, after the summary, go into a prompt.</summary>
    [Range(1, 200)]
    public int PromptHistoryMessages { get; set; } = 20;

    [Range(1, 8_192)]
    public int MaxReplyTokens { get; set; } = 256;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a turn's event log stays in Redis for resume after the turn ends.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan TurnEventRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a turn's lease in Redis lasts without renewal. The replica running a turn renews it; a reader on another
    /// replica that finds it lapsed knows that replica died and ends the turn for its client with a retryable error.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TurnLease { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events a reader may fall behind by before it is cut off with an error and asked to resume.</summary>
    [Range(16, 1_000_000)]
    public int ReaderBufferEvents { get; set; } = 2_048;

    /// <summary>The longest a whole generation may take before it is abandoned as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan GenerationTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
