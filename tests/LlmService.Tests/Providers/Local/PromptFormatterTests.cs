using Microsoft.Extensions.AI;
using Platform.LlmService.Providers.Local;

namespace Platform.LlmService.Tests.Providers.Local;

public sealed class PromptFormatterTests
{
    private const string ChatMlJinja =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    private static readonly ChatMessage[] Conversation = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi")];

    public PromptFormatterTests() => LlamaRuntime.Load();

    [Fact]
    public void WithoutAChatTemplateThePlainFallbackJoinsTheMessageTexts()
    {
        var formatter = PromptFormatter.For(null, "plain");

        Assert.Equal("Be brief.\nHi", formatter.Format(Conversation));
        Assert.False(formatter.UsesModelTemplate);
        Assert.False(formatter.ParseSpecialTokens);
        Assert.Contains("no chat template", formatter.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePlainFallbackContinuesTheMessageAReplyAnswersAsTheModelWroteIt()
    {
        var formatter = PromptFormatter.For(null, "plain");

        var text = formatter.Format([.. Conversation, new(ChatRole.Assistant, " there."), new(ChatRole.User, "Bye")]);

        Assert.Equal("Be brief.\nHi there.\nBye", text);
    }

    [Fact]
    public void ANamedFallbackTemplateFormatsWithLlamaCppsBuiltInTemplate()
    {
        var formatter = PromptFormatter.For(null, "chatml");

        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", formatter.Format(Conversation));
        Assert.True(formatter.ParseSpecialTokens);
    }

    [Fact]
    public void TheModelsOwnJinjaTemplateWinsOverTheFallback()
    {
        var formatter = PromptFormatter.For(ChatMlJinja, "plain");

        Assert.True(formatter.UsesModelTemplate);
        Assert.StartsWith("<|im_start|>system\nBe brief.<|im_end|>", formatter.Format(Conversation), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownFallbackTemplateStopsTheServiceNamingTheSetting()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => PromptFormatter.For(null, "no-such-template"));

        Assert.Contains("'Llm:FallbackTemplate'", failure.Message, StringComparison.Ordinal);
    }
}
