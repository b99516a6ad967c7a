using System.ComponentModel.DataAnnotations;

namespace Platform.LlmService;

/// <summary>The <c>Llm</c> configuration section (environment <c>Llm__*</c>), validated when the service starts.</summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    /// <summary>Which provider generates: local (llama.cpp), ollama, openai (and compatible servers) or anthropic.</summary>
    public LlmProviderKind Provider { get; set; } = LlmProviderKind.Local;

    /// <summary>The model id for remote providers; for local, the name reported (default: the GGUF file's name).</summary>
    public string? Model { get; set; }

    /// <summary>The GGUF file of the local provider. Unset: the default chat model is downloaded into the cache.</summary>
    public string? ModelPath { get; set; }

    /// <summary>The folder (or libllama file) of a llama.cpp runtime to use instead of the LLamaSharp.Backend.Cpu build beside the service.</summary>
    public string? NativeLibraryPath { get; set; }

    /// <summary>Where the default model is downloaded; unset: <c>$XDG_CACHE_HOME/platform/models</c> or <c>~/.cache/platform/models</c>.</summary>
    public string? ModelCacheDirectory { get; set; }

    public Uri DefaultModelUrl { get; set; } = new(
        "https://huggingface.co/Mungert/SmolLM2-135M-Instruct-GGUF/resolve/980b4318b34b2f20e60c89d8f8a98283ec83cbd6/SmolLM2-135M-Instruct-q8_0.gguf");

    [Required(ErrorMessage = "Setting 'Llm:DefaultModelSha256' is required.")]
    [RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "Setting 'Llm:DefaultModelSha256' must be 64 hexadecimal digits.")]
    public string DefaultModelSha256 { get; set; } = "bc64cce8e1c11e4ed870633b557e04af718249c817c4cf8a6784116144ec3e28";

    /// <summary>
    /// Tokens of context per request, prompt and reply together: for the local model each sequence it decodes at once
    /// (0 takes the model's training context); for the other providers the model's window, which prompts are trimmed to.
    /// </summary>
    [Range(0, 1_048_576, ErrorMessage = "Setting 'Llm:ContextSize' must be between {1} and {2}.")]
    public int ContextSize { get; set; } = 2048;

    /// <summary>How many requests the local model decodes together in one batch.</summary>
    [Range(1, 64, ErrorMessage = "Setting 'Llm:ParallelSequences' must be between {1} and {2}.")]
    public int ParallelSequences { get; set; } = 4;

    /// <summary>
    /// How many of those sequences background jobs may hold at once; fewer than <see cref="ParallelSequences"/>, so a
    /// person's request always finds a free slot. A person's request still waits for the batch step in flight, and a
    /// step's time grows with every sequence in it, so the default keeps jobs to one.
    /// </summary>
    [Range(1, 64, ErrorMessage = "Setting 'Llm:BackgroundSequences' must be between {1} and {2}.")]
    public int BackgroundSequences { get; set; } = 1;

    /// <summary>
    /// CPU threads for llama.cpp; 0 uses every core but one. llama.cpp's threads meet at spinning barriers many times
    /// per token, so when they take every core, any other runnable thread (the server's own) stalls them for whole
    /// scheduler slices.
    /// </summary>
    [Range(0, 512, ErrorMessage = "Setting 'Llm:Threads' must be between {1} and {2}.")]
    public int Threads { get; set; }

    /// <summary>
    /// Requests that may wait for the local model, counted for people and for jobs apart, so queued jobs never crowd
    /// out a person; one more is refused with RESOURCE_EXHAUSTED.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Setting 'Llm:QueueCapacity' must be between {1} and {2}.")]
    public int QueueCapacity { get; set; } = 64;

    /// <summary>The largest max_tokens a request may ask for.</summary>
    [Range(1, 1_048_576, ErrorMessage = "Setting 'Llm:MaxTokensLimit' must be between {1} and {2}.")]
    public int MaxTokensLimit { get; set; } = 4096;

    /// <summary>
    /// The fewest tokens a reply may be left when a long conversation is trimmed to the context (a request's own smaller
    /// max_tokens wins); older messages are left out to keep them.
    /// </summary>
    [Range(1, 1_048_576, ErrorMessage = "Setting 'Llm:MinReplyTokens' must be between {1} and {2}.")]
    public int MinReplyTokens { get; set; } = 128;

    /// <summary>
    /// llama.cpp's flash attention kernel for the local model (llama.cpp turns it on by default where the device has
    /// it). Off: on the CPU it walks the cached tokens one at a time, and for stories260K's 8-wide heads a token cost
    /// 5x what the matrix multiplications of the plain path cost at 600 tokens of context, so every turn paid for its
    /// conversation's length.
    /// </summary>
    public bool FlashAttention { get; set; }

    /// <summary>The local model's KV state kept between a conversation's turns.</summary>
    public PromptCacheOptions PromptCache { get; set; } = new();

    /// <summary>The max_tokens of a request that gives none.</summary>
    [Range(1, 1_048_576, ErrorMessage = "Setting 'Llm:DefaultMaxTokens' must be between {1} and {2}.")]
    public int DefaultMaxTokens { get; set; } = 512;

    /// <summary>
    /// The prompt format of a GGUF without a usable chat template: <c>plain</c> (message texts, one per line, for
    /// completion models) or the name of a llama.cpp built-in template such as <c>chatml</c>.
    /// </summary>
    [Required(ErrorMessage = "Setting 'Llm:FallbackTemplate' is required.")]
    public string FallbackTemplate { get; set; } = PlainTemplate;

    /// <summary>The server of the ollama, openai and anthropic providers; unset: each provider's public default.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The key of the openai and anthropic providers. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long Ollama keeps the model loaded after a request (Ollama duration syntax).</summary>
    [Required(ErrorMessage = "Setting 'Llm:KeepAlive' is required.")]
    public string KeepAlive { get; set; } = "30m";

    /// <summary>
    /// How long stopping may take once generation is stopped: open streams end, queued requests are refused, jobs are
    /// given back, the model is freed. Under the AppHost's 5 s grace, so SIGTERM never ends in a kill.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Setting 'Llm:ShutdownTimeout' must be between {1} and {2}.")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public const string PlainTemplate = "plain";
}
