using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Platform.Load.Commands;

/// <summary>The <c>run</c> command's settings, from <c>--name value</c> arguments.</summary>
internal sealed class LoadOptions
{
    [RegularExpression("^(synthetic|model)$", ErrorMessage = "--source is 'synthetic' or 'model'.")]
    public string Source { get; set; } = "synthetic";

    [RegularExpression("^(sse|ws)$", ErrorMessage = "--transport is 'sse' or 'ws'.")]
    public string Transport { get; set; } = "sse";

    [RegularExpression("^(text|voice)$", ErrorMessage = "--input is 'text' or 'voice'.")]
    public string Input { get; set; } = "text";

    [RegularExpression("^(closed|open)$", ErrorMessage = "--mode is 'closed' (fixed concurrency) or 'open' (Poisson arrivals).")]
    public string Mode { get; set; } = "closed";

    [Range(1, 20_000, ErrorMessage = "--concurrency is 1 to 20,000.")]
    public int Concurrency { get; set; } = 10;

    [Range(0.01, 10_000, ErrorMessage = "--rate is 0.01 to 10,000 turns/s.")]
    public double Rate { get; set; } = 5;

    [Range(1, 3_600, ErrorMessage = "--duration is 1 to 3,600 seconds.")]
    public int Duration { get; set; } = 30;

    [Range(0, 10_000_000, ErrorMessage = "--turns is 0 (no limit) or more.")]
    public int Turns { get; set; }

    [Range(1, 100_000, ErrorMessage = "--tokens is 1 to 100,000.")]
    public int Tokens { get; set; } = 100;

    [Range(1, 1_000, ErrorMessage = "--tokens-per-second is 1 to 1,000.")]
    public int TokensPerSecond { get; set; } = 50;

    [Range(1, 8_192, ErrorMessage = "--max-reply-tokens is 1 to 8,192.")]
    public int MaxReplyTokens { get; set; } = 64;

    /// <summary>Open loop: a new conversation for every arrival rather than reusing conversations (whose history grows).</summary>
    public bool Fresh { get; set; }

    /// <summary>An already running Gateway on this machine; unset, the tool starts a platform of its own.</summary>
    public Uri? Target { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Folder for the CSV and JSON files.</summary>
    public string Out { get; set; } = Path.Combine("tests", "Load", "Reports", "runs");

    public static LoadOptions Parse(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(args, new Dictionary<string, string>
        {
            ["--tokens-per-second"] = nameof(TokensPerSecond),
            ["--max-reply-tokens"] = nameof(MaxReplyTokens),
            ["--api-key"] = nameof(ApiKey),
        }).Build();
        LoadOptions options;
        try
        {
            options = configuration.Get<LoadOptions>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new LoadOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException($"A setting is unknown or malformed: {ex.Message}", ex);
        }

        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors.Select(e => e.ErrorMessage)));
        }

        if (options.Target is not null)
        {
            Driving.LoopbackTarget.Require(options.Target);
            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                throw new ArgumentException("--target needs --api-key (./run.sh prints a development key).");
            }
        }

        return options;
    }
}
