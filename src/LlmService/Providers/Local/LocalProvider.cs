using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Platform.LlmService.Context;
using Platform.LlmService.Providers.Local.Native;

namespace Platform.LlmService.Providers.Local;

/// <summary>
/// llama.cpp in this process, through the project's own P/Invoke binding, with the model hot in memory. Its tokenizer
/// is here too, so it counts prompts exactly.
/// </summary>
internal sealed partial class LocalProvider(IOptions<LlmOptions> options, ModelFileResolver resolver, ILoggerFactory loggers) : ILlmProvider, IPromptTokenCounter, IDisposable
{
    private readonly ILogger logger = loggers.CreateLogger<LocalProvider>();
    private LlamaModel? model;
    private BatchedDecoder? decoder;
    private LocalChatClient? client;
    private string? modelId = NameOf(options.Value);

    public string Name => "local";

    public string Model => modelId ?? "default";

    public string Description { get; private set; } = "not loaded";

    public IChatClient ChatClient => client ?? throw new InvalidOperationException("The local model is not loaded yet.");

    /// <summary>The decoder, for tests and benchmarks that look at the queue.</summary>
    internal BatchedDecoder? Decoder => decoder;

    public int ContextTokens => decoder?.SequenceContext ?? throw new InvalidOperationException("The local model is not loaded yet.");

    public bool IsExact => true;

    public int CountPromptTokens(IReadOnlyList<ChatMessage> messages) =>
        (client ?? throw new InvalidOperationException("The local model is not loaded yet.")).CountPromptTokens(messages);

    public bool Serves(string requested) => string.Equals(requested, Model, StringComparison.OrdinalIgnoreCase);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var path = await resolver.ResolveAsync(cancellationToken);
        modelId = NameOf(settings) ?? Path.GetFileNameWithoutExtension(path);
        await Task.Run(() => Load(settings, path), cancellationToken);
    }

    public void Dispose()
    {
        decoder?.Dispose();
        model?.Dispose();
    }

    private void Load(LlmOptions settings, string path)
    {
        LlamaLibrary.EnsureLoaded(LlamaLibrary.ResolveDirectory(settings.NativeLibraryPath), loggers.CreateLogger("Platform.LlmService.LlamaCpp"));
        model = LlamaModel.Load(path);
        var formatter = PromptFormatter.For(model.ChatTemplate, settings.FallbackTemplate);
        var contextSize = settings.ContextSize == 0 || settings.ContextSize > model.TrainingContext ? model.TrainingContext : settings.ContextSize;
        var threads = settings.Threads == 0 ? Math.Max(1, Environment.ProcessorCount - 1) : settings.Threads;
        var cache = settings.PromptCache.Enabled ? new PromptCache(settings.PromptCache.MaxBytes, settings.PromptCache.MaxConversations) : null;
        decoder = new BatchedDecoder(model, new LocalDecoderSettings(contextSize, settings.ParallelSequences, threads, settings.QueueCapacity, settings.BackgroundSequences, settings.FlashAttention), logger, cache);
        client = new LocalChatClient(Model, model, formatter, decoder, settings.DefaultMaxTokens);

        var cacheDescription = cache is null ? "no prompt cache"
            : string.Create(CultureInfo.InvariantCulture, $"prompt cache: {settings.PromptCache.MaxConversations} conversations, {settings.PromptCache.MaxMegabytes} MiB");
        Description = string.Create(CultureInfo.InvariantCulture,
            $"{model.Name ?? Model} from {Path.GetFileName(path)} ({model.Architecture}, {model.ParameterCount:N0} parameters); " +
            $"{decoder.SequenceContext} tokens of context for each of {settings.ParallelSequences} parallel sequences; {threads} llama.cpp thread{(threads == 1 ? "" : "s")}; flash attention {(settings.FlashAttention ? "on" : "off")}; " +
            $"prompt format: {formatter.Source}; {cacheDescription}");
        if (!formatter.UsesModelTemplate)
        {
            LogNotAChatModel(logger, Model, formatter.Source);
        }
    }

    private static string? NameOf(LlmOptions settings) =>
        !string.IsNullOrWhiteSpace(settings.Model) ? settings.Model
        : !string.IsNullOrWhiteSpace(settings.ModelPath) ? Path.GetFileNameWithoutExtension(settings.ModelPath)
        : null;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Model {Model} has no chat template, so it is not a chat model: it is a completion model (stories260K, for one, only " +
        "writes children's stories). It continues the conversation's text and does not follow instructions. Prompt format: {Format}. " +
        "For real conversations set Llm__ModelPath to an instruction-tuned GGUF or choose another Llm__Provider.")]
    private static partial void LogNotAChatModel(ILogger logger, string model, string format);
}
