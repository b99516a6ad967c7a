using System.ClientModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing;
using Platform.Testing.SyntheticLlm;

namespace Platform.Gateway.Tests.OpenAI;

/// <summary>Real OpenAI clients (the official .NET SDK and the npm package) pointed at the Gateway's /v1 API.</summary>
public sealed class OpenAIClientTests(GatewayEnvironment environment)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheOfficialDotNetSdkGetsTheStreamedAndTheWholeReplyWithUsage()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 6, TokenInterval = TimeSpan.FromMilliseconds(5) });
        var chat = Client(harness);

        ChatCompletion whole = await chat.CompleteChatAsync([new UserChatMessage("Hello")], new ChatCompletionOptions { Temperature = 0 }, Token);
        var streamed = new StringBuilder();
        var updates = 0;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Hello")], new ChatCompletionOptions { Temperature = 0 }, Token))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
                updates++;
            }
        }

        Assert.Equal("w0 w1 w2 w3 w4 w5", whole.Content[0].Text);
        Assert.Equal(whole.Content[0].Text, streamed.ToString());
        Assert.True(updates >= 2);
        Assert.Equal(6, whole.Usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, whole.FinishReason);
        var prompt = harness.Llm.Behaviour.Calls.First().Request;
        Assert.True(prompt.Options.Greedy);
        Assert.Equal("Hello", prompt.Messages.Single().Content);
    }

    [Fact]
    public async Task UnderGreedySettingsTheStreamedTextEqualsTheWholeTextFromTheRealModel()
    {
        await using var llm = await RealLlmService.StartAsync();
        await using var harness = await GatewayHarness.StartAsync(environment, llm.BaseAddress);
        var chat = Client(harness);
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 64 };

        ChatCompletion whole = await chat.CompleteChatAsync([new UserChatMessage("Once upon a time")], options, Token);
        var streamed = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Once upon a time")], options, Token))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
        }

        Assert.NotEmpty(whole.Content[0].Text);
        Assert.Equal(whole.Content[0].Text, streamed.ToString());
    }

    [Fact]
    public async Task TheNpmOpenAIPackageGetsTheStreamedAndTheWholeReply()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 4, TokenInterval = TimeSpan.FromMilliseconds(5) });
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OpenAI", "Node", "chat.cjs"));
        start.ArgumentList.Add(new Uri(harness.Gateways[0].Address, "/v1").ToString());
        start.ArgumentList.Add(harness.ApiKey);
        start.ArgumentList.Add("Hello from node");
        start.Environment["NODE_PATH"] = Path.Combine(RepositoryLayout.Root, ".tools", "openai-node", "node_modules");

        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync(Token);
        var errors = node.StandardError.ReadToEndAsync(Token);
        await node.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(60), Token);

        Assert.True(node.ExitCode == 0, await errors);
        var result = JsonDocument.Parse(await output).RootElement;
        Assert.Equal("w0 w1 w2 w3", result.GetProperty("plain").GetString());
        Assert.Equal("w0 w1 w2 w3", result.GetProperty("streamed").GetString());
        Assert.Equal(4, result.GetProperty("chunks").GetInt32());
        Assert.Equal(4, result.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task BadRequestsAndAnotherUsersConversationGetOpenAIStyleErrors()
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        using var http = harness.Client();
        using var noMessages = await http.PostAsync("/v1/chat/completions", new StringContent("{\"model\":\"x\",\"messages\":[]}", Encoding.UTF8, "application/json"), Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Conversation-Id", Guid.NewGuid().ToString());
        using var unknownConversation = await http.SendAsync(request, Token);

        Assert.Equal(400, (int)noMessages.StatusCode);
        Assert.Equal("messages", JsonDocument.Parse(await noMessages.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(404, (int)unknownConversation.StatusCode);
        var error = JsonDocument.Parse(await unknownConversation.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("error");
        Assert.Equal("conversation_not_found", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ModelsListsTheServedModel()
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        var models = new OpenAIClient(new ApiKeyCredential(harness.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(harness.Gateways[0].Address, "/v1") }).GetOpenAIModelClient();

        var list = await models.GetModelsAsync(Token);

        Assert.Equal(SyntheticLlmBehaviour.ModelName, Assert.Single(list.Value).Id);
    }

    private static ChatClient Client(GatewayHarness harness) =>
        new("default", new ApiKeyCredential(harness.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(harness.Gateways[0].Address, "/v1"), NetworkTimeout = TimeSpan.FromSeconds(60) });
}
