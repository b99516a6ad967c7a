using Microsoft.Playwright;
using Platform.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests.Safety;

public sealed class MarkupTests(WebPlatform platform)
{
    [Fact]
    public async Task Html_in_a_reply_or_a_message_is_shown_as_text_and_never_runs_live_or_after_a_reload()
    {
        string[] reply =
        [
            "Here: ",
            "<script>window.__xss = 'reply script';</script>",
            " and ",
            "<img src=x onerror=\"window.__xss = 'reply img'\">",
            " and [click](javascript:window.__xss='reply link')",
            " <b onmouseover=\"window.__xss = 'reply b'\">bold?</b>",
        ];
        const string Message = "<img src=x onerror=\"window.__xss = 'message img'\"><script>window.__xss = 'message script'</script>";
        platform.ShapeSynthetic(script: reply);
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);
        var dialogs = new List<string>();
        chat.Page.Dialog += (_, dialog) => dialogs.Add(dialog.Message);
        await chat.StartConversationAsync();

        await chat.SendAsync(Message);
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
        await AssertShownAsTextAsync(chat, Message, string.Concat(reply));

        await chat.Page.ReloadAsync();
        await Expect(chat.Replies).ToHaveCountAsync(1);
        await AssertShownAsTextAsync(chat, Message, string.Concat(reply));
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task Replies_render_emphasis_code_blocks_lists_and_only_http_links()
    {
        string[] reply =
        [
            "Some **bold**, *italic* and `inline <code>`.\n\n",
            "```js\nconst tag = '<b>';\n```\n\n",
            "- one\n- two\n\n",
            "3. three\n4. four\n\n",
            "See [the docs](https://example.com/docs?a=1&b=2), not [this](javascript:alert(1)) or [that](data:text/html,hi) or [relative](/api/keys).",
        ];
        platform.ShapeSynthetic(script: reply);
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);
        await chat.StartConversationAsync();

        await chat.SendAsync("Show me some Markdown.");

        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
        var body = chat.LastReplyBody;
        await Expect(body.Locator("strong")).ToHaveTextAsync("bold");
        await Expect(body.Locator("em")).ToHaveTextAsync("italic");
        await Expect(body.Locator("p > code")).ToHaveTextAsync("inline <code>");
        await Expect(body.Locator("pre > code")).ToHaveTextAsync("const tag = '<b>';");
        await Expect(body.Locator("pre > code")).ToHaveAttributeAsync("data-language", "js");
        await Expect(body.Locator("ul > li")).ToHaveTextAsync(["one", "two"]);
        await Expect(body.Locator("ol")).ToHaveAttributeAsync("start", "3");
        await Expect(body.Locator("ol > li")).ToHaveTextAsync(["three", "four"]);
        var link = body.GetByRole(AriaRole.Link);
        await Expect(link).ToHaveCountAsync(1);
        await Expect(link).ToHaveTextAsync("the docs");
        await Expect(link).ToHaveAttributeAsync("href", "https://example.com/docs?a=1&b=2");
        await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer nofollow");
        await Expect(body).ToContainTextAsync("not [this](javascript:alert(1)) or [that](data:text/html,hi) or [relative](/api/keys).");
        Assert.Equal(0, await body.Locator(":not(p, br, em, strong, code, pre, ul, ol, li, a, span.cursor)").CountAsync());
    }

    private static async Task AssertShownAsTextAsync(ChatPage chat, string message, string reply)
    {
        await Expect(chat.UserMessages).ToHaveCountAsync(1);
        Assert.Equal(message, await chat.UserMessages.First.TextContentAsync());
        Assert.Equal(reply, await chat.LastReplyBody.TextContentAsync());
        Assert.Equal(0, await chat.Messages.Locator("img, script, b, a, iframe").CountAsync());
        Assert.Equal("none", await chat.Page.EvaluateAsync<string>("() => String(window.__xss ?? 'none')"));
    }
}
