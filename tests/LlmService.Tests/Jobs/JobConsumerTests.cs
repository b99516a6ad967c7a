using System.Diagnostics;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.AI;
using Platform.Contracts.Jobs;
using Platform.LlmService.Generation;
using Platform.LlmService.Jobs;
using Platform.LlmService.Providers;
using Platform.LlmService.Scheduling;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.LlmService.Tests.Jobs;

public sealed class JobConsumerTests
{
    private const string ValidAnswer = """
        ```json
        [{"term": "gatos", "lemma": "gato", "partOfSpeech": "noun", "definition": "cat", "example": "Tengo dos gatos.", "cefrLevel": "A1"}]
        ```
        """;

    private static readonly ExtractVocabulary Job = new(Guid.NewGuid(), Guid.NewGuid(), "Spanish", "A2", "Tengo dos gatos en casa.");

    [Fact]
    public async Task Valid_vocabulary_is_published_from_one_background_generation()
    {
        var provider = new ScriptedProvider(ValidAnswer);
        await using var harness = await JobHarness.StartAsync(provider);

        await harness.Bus.Bus.Publish(Job, TestContext.Current.CancellationToken);

        Assert.True(await harness.Bus.Published.Any<VocabularyExtracted>(TestContext.Current.CancellationToken));
        var result = harness.Bus.Published.Select<VocabularyExtracted>(TestContext.Current.CancellationToken).Single().Context.Message;
        Assert.Equal((Job.ConversationId, Job.TurnId), (result.ConversationId, result.TurnId));
        Assert.Equal(new VocabularyTerm("gatos", "gato", "noun", "cat", "Tengo dos gatos.", "A1"), Assert.Single(result.Items));
        var request = Assert.Single(provider.Requests);
        Assert.Equal(GenerationPriority.Background, request.Options!.AdditionalProperties![ChatRequestProperties.Priority]);
        Assert.Contains(Job.Text, request.Messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_vocabulary_gets_one_repair_prompt_naming_the_problem()
    {
        var provider = new ScriptedProvider("Once upon a time there was a cat.", ValidAnswer);
        await using var harness = await JobHarness.StartAsync(provider);

        await harness.Bus.Bus.Publish(Job, TestContext.Current.CancellationToken);

        Assert.True(await harness.Bus.Published.Any<VocabularyExtracted>(TestContext.Current.CancellationToken));
        Assert.Equal(2, provider.Requests.Count);
        var repair = provider.Requests[1].Messages;
        Assert.Equal(("Once upon a time there was a cat.", ChatRole.Assistant), (repair[^2].Text, repair[^2].Role));
        Assert.Contains("no JSON array", repair[^1].Text, StringComparison.Ordinal);
        Assert.False(await harness.Bus.Published.Any<Fault<ExtractVocabulary>>(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Vocabulary_still_invalid_after_repair_is_retried_then_faulted_without_a_result()
    {
        var provider = new ScriptedProvider("Once upon a time there was a cat.");
        await using var harness = await JobHarness.StartAsync(provider);

        await harness.Bus.Bus.Publish(Job, TestContext.Current.CancellationToken);

        Assert.True(await harness.Bus.Published.Any<Fault<ExtractVocabulary>>(TestContext.Current.CancellationToken));
        var fault = harness.Bus.Published.Select<Fault<ExtractVocabulary>>(TestContext.Current.CancellationToken).Single().Context.Message;
        Assert.Contains("invalid after a repair prompt", Assert.Single(fault.Exceptions).Message, StringComparison.Ordinal);
        Assert.Equal(JobHarness.Deliveries * 2, provider.Requests.Count);
        Assert.False(await harness.Bus.Published.Any<VocabularyExtracted>(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_job_span_is_a_consumer_span_linked_to_the_turn_in_its_traceparent_header_with_its_generation_inside()
    {
        var turn = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        using var spans = new SpanCollector();
        await using var harness = await JobHarness.StartAsync(new ScriptedProvider(ValidAnswer));

        await harness.Bus.Bus.Publish(Job, publish => publish.Headers.Set(JobTelemetry.TraceParentHeader, $"00-{turn.TraceId}-{turn.SpanId}-01"),
            TestContext.Current.CancellationToken);

        Assert.True(await harness.Bus.Published.Any<VocabularyExtracted>(TestContext.Current.CancellationToken));
        var job = await spans.NextAsync(span => span.Source.Name == JobTelemetry.Name);
        Assert.Equal("job extract-vocabulary", job.DisplayName);
        Assert.Equal(ActivityKind.Consumer, job.Kind);
        var link = Assert.Single(job.Links);
        Assert.Equal((turn.TraceId, turn.SpanId), (link.Context.TraceId, link.Context.SpanId));
        var generation = await spans.NextAsync(span => span.DisplayName == GenerationTelemetry.SpanName && span.TraceId == job.TraceId);
        Assert.Equal(job.SpanId, generation.ParentSpanId);
        Assert.Equal("background", generation.GetTagItem("platform.priority"));
        var consume = await spans.NextAsync(span => span.Source.Name == PlatformTelemetry.MassTransitSourceName && span.SpanId == job.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, consume.Kind);
        TestContext.Current.SendDiagnosticMessage($"job trace {job.TraceId} (turn {turn.TraceId}); MassTransit consume span '{consume.DisplayName}' parent {consume.ParentId}");
    }

    [Fact]
    public async Task Summary_of_older_messages_and_the_previous_summary_is_published_with_its_position()
    {
        var provider = new ScriptedProvider("  The learner has two cats.  ");
        await using var harness = await JobHarness.StartAsync(provider);
        var job = new SummarizeConversation(Guid.NewGuid(), "Spanish", "The learner is called Ana.",
            [new JobMessage(6, "user", "Tengo dos gatos."), new JobMessage(7, "assistant", "¡Qué bien!")], 7);

        await harness.Bus.Bus.Publish(job, TestContext.Current.CancellationToken);

        Assert.True(await harness.Bus.Published.Any<ConversationSummarized>(TestContext.Current.CancellationToken));
        var result = harness.Bus.Published.Select<ConversationSummarized>(TestContext.Current.CancellationToken).Single().Context.Message;
        Assert.Equal(new ConversationSummarized(job.ConversationId, "The learner has two cats.", 7), result);
        var prompt = Assert.Single(provider.Requests).Messages[^1].Text;
        Assert.Contains("The learner is called Ana.", prompt, StringComparison.Ordinal);
        Assert.Contains("user: Tengo dos gatos.\nassistant: ¡Qué bien!", prompt, StringComparison.Ordinal);
        Assert.Equal(GenerationPriority.Background, provider.Requests[0].Options!.AdditionalProperties![ChatRequestProperties.Priority]);
    }
}
