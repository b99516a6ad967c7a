using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests.Infrastructure;

/// <summary>
/// The web page in its own browser profile, driven as a person would (labels, buttons, keys), with a recorder
/// installed before any of the page's scripts: every text the newest assistant reply shows, and every connection
/// state and label, in the order they appeared.
/// </summary>
public sealed class ChatPage : IAsyncDisposable
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    // Runs at every navigation (reloads too), before the page's modules: a MutationObserver sees each DOM change
    // as it happens, so no intermediate text of a fast stream is missed the way polling would miss it.
    private const string Recorder = """
        (() => {
          window.__replyTexts = [];
          window.__connectionStates = [];
          window.__connectionLabels = [];
          const record = () => {
            const replies = document.querySelectorAll('[data-role="assistant"]');
            const reply = replies[replies.length - 1];
            if (reply) {
              const body = reply.querySelector('.message__body');
              const text = body ? body.textContent : '';
              const typing = reply.querySelector('.typing') !== null;
              const cursor = reply.querySelector('.cursor') !== null;
              const last = window.__replyTexts[window.__replyTexts.length - 1];
              if (!last || last.text !== text || last.status !== reply.dataset.status || last.typing !== typing || last.cursor !== cursor) {
                window.__replyTexts.push({ text, status: reply.dataset.status, turnId: reply.dataset.turnId ?? null, typing, cursor, at: performance.now() });
              }
            }
            const status = document.getElementById('connection-status');
            const state = status && status.dataset.state;
            if (state && window.__connectionStates[window.__connectionStates.length - 1] !== state) {
              window.__connectionStates.push(state);
            }
            const label = status && status.querySelector('[data-part="text"]').textContent;
            if (label && window.__connectionLabels[window.__connectionLabels.length - 1] !== label) {
              window.__connectionLabels.push(label);
            }
          };
          new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-status', 'data-state'] });
        })();
        """;

    private readonly IBrowserContext context;

    // What the browser saw go wrong (console errors, failed requests, 4xx/5xx answers with their problem details,
    // closed sockets), printed with a failing test's output: a page that stays "Not connected" says why.
    private readonly ConcurrentQueue<string> trouble = new();

    private readonly ConcurrentQueue<string> pageErrors = new();
    private readonly ConcurrentQueue<string> refused = new();

    private ChatPage(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Note($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) =>
        {
            pageErrors.Enqueue(error);
            Note($"page error: {error}");
        };
        page.RequestFailed += (_, request) => Note($"request failed: {request.Method} {request.Url}: {request.Failure}");
        page.Response += async (_, response) =>
        {
            if (response.Status >= 400)
            {
                refused.Enqueue($"{response.Request.Method} {response.Url} -> {response.Status}");
                var body = await BodyOf(response);
                Note($"{response.Request.Method} {response.Url} -> {response.Status} {body}");
            }
        };
        page.WebSocket += (_, socket) =>
        {
            Note($"websocket opened: {socket.Url}");
            socket.Close += (_, _) => Note($"websocket closed: {socket.Url}");
            socket.SocketError += (_, error) => Note($"websocket error: {socket.Url}: {error}");
        };
    }

    public IPage Page { get; }

    public ILocator Status => Page.Locator("#connection-status");

    public ILocator StatusText => Status.Locator("[data-part=text]");

    public ILocator Messages => Page.GetByRole(AriaRole.Log, new() { Name = "Messages" });

    public ILocator UserMessages => Page.Locator("[data-role=user]");

    public ILocator Replies => Page.Locator("[data-role=assistant]");

    public ILocator LastReply => Replies.Last;

    public ILocator LastReplyBody => LastReply.Locator(".message__body");

    public ILocator MessageBox => Page.GetByLabel("Message", new() { Exact = true });

    public ILocator SendButton => Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true });

    public ILocator StopButton => Page.GetByRole(AriaRole.Button, new() { Name = "Stop", Exact = true });

    public ILocator MicrophoneButton => Page.GetByRole(AriaRole.Button, new() { Name = "Hold to speak" });

    public static async Task<ChatPage> OpenAsync(IBrowser browser, Uri gateway, ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = gateway.ToString(), ViewportSize = viewport ?? Desktop, Permissions = ["microphone"] });
        await context.AddInitScriptAsync(Recorder);
        var page = await context.NewPageAsync();
        var chat = new ChatPage(context, page);
        try
        {
            await page.GotoAsync("/");
            await Expect(page.GetByRole(AriaRole.List, new() { Name = "Conversations" })).ToBeVisibleAsync();
        }
        catch (PlaywrightException failure)
        {
            var diagnosis = chat.Trouble;
            await chat.DisposeAsync();
            throw new PlaywrightException($"The page did not load its conversation list.{Environment.NewLine}{diagnosis}", failure);
        }

        return chat;
    }

    /// <summary>The requests the Gateway refused or failed so far (4xx and 5xx), in the order they were answered.</summary>
    public IReadOnlyCollection<string> RefusedRequests => refused;

    /// <summary>The uncaught errors the page's scripts threw so far.</summary>
    public IReadOnlyCollection<string> PageErrors => pageErrors;

    /// <summary>Everything the browser saw go wrong on this page so far, a line each, with the time it happened (UTC).</summary>
    public string Trouble => trouble.IsEmpty ? "(the browser saw nothing go wrong)" : string.Join(Environment.NewLine, trouble);

    /// <summary>Starts a conversation through the form and waits for its live connection; returns its id.</summary>
    public async Task<string> StartConversationAsync(string language = "en", string level = "B1", string scenario = "")
    {
        await Page.GetByLabel("Language").FillAsync(language);
        await Page.GetByLabel("Level").SelectOptionAsync(level);
        await Page.GetByLabel("Scenario").FillAsync(scenario);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Start conversation" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/conversations/[0-9a-f-]{36}$"));
        await Expect(Status).ToHaveAttributeAsync("data-state", "open");
        return Page.Url[(Page.Url.LastIndexOf('/') + 1)..];
    }

    /// <summary>Types a message and sends it with Enter.</summary>
    public async Task SendAsync(string text)
    {
        await MessageBox.FillAsync(text);
        await MessageBox.PressAsync("Enter");
    }

    /// <summary>The conversation as the Gateway stores it, read with this page's own cookie.</summary>
    public Task<JsonElement> StoredConversationAsync(string conversationId) =>
        Page.EvaluateAsync<JsonElement>("async id => (await fetch(`/api/conversations/${id}`)).json()", conversationId);

    /// <summary>The HTML the page's own Markdown renderer makes of <paramref name="markdown"/>.</summary>
    public Task<string> RenderedMarkdownAsync(string markdown) =>
        Page.EvaluateAsync<string>(
            "async source => { const { renderMarkdown } = await import('/markdown/markdown.js'); const box = document.createElement('div'); box.append(renderMarkdown(source)); return box.innerHTML; }",
            markdown);

    /// <summary>What the recorder saw the newest reply show, since the page was last loaded.</summary>
    public async Task<IReadOnlyList<ReplySnapshot>> ReplyTextsAsync() =>
        JsonSerializer.Deserialize<ReplySnapshot[]>(await Page.EvaluateAsync<string>("() => JSON.stringify(window.__replyTexts)"), JsonSerializerOptions.Web) ?? [];

    /// <summary>The connection states the status showed, since the page was last loaded.</summary>
    public async Task<IReadOnlyList<string>> ConnectionStatesAsync() =>
        (await Page.EvaluateAsync<string[]>("() => window.__connectionStates")) ?? [];

    /// <summary>Completes once the connection status has shown <paramref name="label"/>, however briefly.</summary>
    public Task ConnectionLabelShownAsync(string label) =>
        Page.WaitForFunctionAsync("label => window.__connectionLabels.includes(label)", label, new() { Timeout = 15_000 });

    public async ValueTask DisposeAsync()
    {
        if (!trouble.IsEmpty)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"What the browser saw go wrong:{Environment.NewLine}{Trouble}");
        }

        await context.DisposeAsync();
    }

    private static async Task<string> BodyOf(IResponse response)
    {
        try
        {
            var text = await response.TextAsync();
            return text.Length > 300 ? text[..300] : text;
        }
        catch (PlaywrightException)
        {
            return "(no body)";
        }
    }

    private void Note(string what) => trouble.Enqueue($"[{DateTime.UtcNow:HH:mm:ss.fff}] {what}");
}
