using System.Globalization;
using Microsoft.Playwright;
using Platform.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests.Voice;

/// <summary>
/// Push-to-talk against the real SttService and TtsService, with chromium's fake microphone saying
/// <see cref="VoicePlatform.SpokenSentence"/>. The reply comes from the SYNTHETIC source: many short sentences, slowly,
/// so there is audio still playing when the test speaks over it.
/// </summary>
public sealed class VoiceTests(VoicePlatform voice) : IClassFixture<VoicePlatform>
{
    private const string PlayedMs = "() => window.__platformAudio ? window.__platformAudio.playedMs : 0";

    private static readonly string[] LongSpokenReply = [.. Enumerable.Range(1, 30).SelectMany(i => new[] { "The ", "train ", "leaves ", "at ", $"{i} ", "o'clock. " })];

    [Fact]
    public async Task Holding_the_microphone_shows_the_transcript_and_plays_the_reply_as_it_arrives()
    {
        voice.Web.ShapeSynthetic(script: LongSpokenReply, interval: TimeSpan.FromMilliseconds(40));
        await using var chat = await voice.OpenPageAsync();
        var conversationId = await chat.StartConversationAsync();
        await Expect(chat.MicrophoneButton).ToBeEnabledAsync();

        await HoldMicrophoneAsync(chat, voice.SentenceDuration);

        var spoken = chat.Page.Locator("[data-role=user][data-transcript=final]");
        await Expect(spoken).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        var transcript = (await spoken.TextContentAsync())?.Trim() ?? string.Empty;
        Assert.NotEqual(string.Empty, transcript);
        await chat.Page.WaitForFunctionAsync($"() => ({PlayedMs})() > 0", null, new() { Timeout = 30_000 });
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-audio", "playing");
        Assert.True(PlayedOn(await chat.LastReply.GetAttributeAsync("data-played-ms")) > 0);
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 60_000 });
        await Expect(chat.LastReply.Locator(".message__first-audio")).ToContainTextAsync("First audio");

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Heard \"{transcript}\" for \"{VoicePlatform.SpokenSentence}\"; {await chat.LastReply.Locator(".message__meta").TextContentAsync()}; played {await chat.Page.EvaluateAsync<double>(PlayedMs)} ms so far");
        await chat.Page.ScreenshotAsync(new() { Path = Artifacts.ScreenshotPath("desktop-voice") });
        var stored = await chat.StoredConversationAsync(conversationId);
        var user = stored.GetProperty("messages").EnumerateArray().First(message => message.GetProperty("role").GetString() == "user");
        Assert.Equal(transcript, user.GetProperty("content").GetString());
        Assert.Empty(chat.PageErrors);
    }

    [Fact]
    public async Task Pressing_the_microphone_while_the_reply_speaks_cancels_it_and_silences_it_at_once()
    {
        voice.Web.ShapeSynthetic(script: LongSpokenReply, interval: TimeSpan.FromMilliseconds(60));
        await using var chat = await voice.OpenPageAsync();
        await chat.StartConversationAsync();
        await HoldMicrophoneAsync(chat, voice.SentenceDuration);
        var reply = chat.Replies.First;
        await chat.Page.WaitForFunctionAsync($"() => ({PlayedMs})() > 500", null, new() { Timeout = 30_000 });
        await Expect(reply).ToHaveAttributeAsync("data-status", "streaming");

        // Barge-in from the keyboard: Space held on the focused button.
        await chat.MicrophoneButton.FocusAsync();
        await chat.Page.Keyboard.DownAsync(" ");

        await Expect(reply).ToHaveAttributeAsync("data-audio", "stopped");
        await Expect(reply).ToHaveAttributeAsync("data-status", "cancelled");
        await Expect(reply.Locator(".message__status")).ToHaveTextAsync("Stopped");
        var playedWhenStopped = await chat.Page.EvaluateAsync<double>(PlayedMs);
        Assert.Equal(playedWhenStopped, PlayedOn(await reply.GetAttributeAsync("data-played-ms")));
        // A second of the new recording is time enough for stopped audio to show any growth.
        await RecordedAtLeastAsync(chat, TimeSpan.FromSeconds(1));
        Assert.Equal(playedWhenStopped, await chat.Page.EvaluateAsync<double>(PlayedMs));
        Assert.Equal(playedWhenStopped, PlayedOn(await reply.GetAttributeAsync("data-played-ms")));
        await chat.Page.Keyboard.UpAsync(" ");
        TestContext.Current.TestOutputHelper?.WriteLine($"Stopped after {playedWhenStopped} ms of reply audio; still {playedWhenStopped} ms after a further second of recording");
        Assert.Empty(chat.PageErrors);
    }

    [Fact]
    public async Task Hands_free_makes_a_turn_of_each_utterance_with_no_button_pressed_after_the_first()
    {
        voice.Web.ShapeSynthetic(script: ["Yes. ", "It is near."], interval: TimeSpan.FromMilliseconds(20));
        await using var chat = await voice.OpenHandsFreePageAsync();
        var conversationId = await chat.StartConversationAsync();
        var handsFree = chat.Page.Locator("#hands-free-button");
        await Expect(handsFree).ToBeEnabledAsync();

        await handsFree.ClickAsync();

        await Expect(handsFree).ToHaveAttributeAsync("aria-pressed", "true");
        var spoken = chat.Page.Locator("[data-role=user][data-transcript=final]");
        await Expect(spoken).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        await Expect(chat.Replies).ToHaveCountAsync(2);
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });
        var stored = await chat.StoredConversationAsync(conversationId);
        var users = stored.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("role").GetString() == "user").Select(m => m.GetProperty("content").GetString()).ToList();
        Assert.Equal(2, users.Count);
        Assert.Equal([.. (await spoken.AllTextContentsAsync()).Select(t => t.Trim())], users);
        TestContext.Current.TestOutputHelper?.WriteLine($"Hands-free heard \"{users[0]}\" then \"{users[1]}\"");
        await chat.Page.ScreenshotAsync(new() { Path = Artifacts.ScreenshotPath("desktop-hands-free") });
    }

    [Fact]
    public async Task Speaking_over_a_hands_free_reply_silences_it_and_the_stored_reply_is_what_was_played()
    {
        voice.Web.ShapeSynthetic(script: LongSpokenReply, interval: TimeSpan.FromMilliseconds(60));
        await using var chat = await voice.OpenHandsFreePageAsync();
        var conversationId = await chat.StartConversationAsync();
        await chat.Page.Locator("#hands-free-button").ClickAsync();
        var first = chat.Replies.First;
        await Expect(first).ToHaveAttributeAsync("data-audio", "playing", new() { Timeout = 60_000 });

        await Expect(first).ToHaveAttributeAsync("data-audio", "stopped", new() { Timeout = 30_000 });

        var stoppedWithin = await chat.Page.EvaluateAsync<double>("() => window.__platformVoice.bargedInAt - window.__platformVoice.speechStartedAt");
        Assert.InRange(stoppedWithin, 0, 150);
        var played = PlayedOn(await first.GetAttributeAsync("data-played-ms"));
        await Expect(chat.Page.Locator("[data-role=user][data-transcript=final]")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        var reply = await StoredFirstReplyAsync(chat, conversationId);
        Assert.Equal("interrupted", reply.GetProperty("status").GetString());
        var heard = reply.GetProperty("content").GetString()!;
        Assert.StartsWith(heard, string.Concat(LongSpokenReply), StringComparison.Ordinal);
        Assert.True(heard.Length < string.Concat(LongSpokenReply).Trim().Length, heard);
        TestContext.Current.TestOutputHelper?.WriteLine($"Played {played} ms, stopped {stoppedWithin:0.0} ms after the speech-start frame; stored \"{heard}\"");
    }

    // The page records each truncation the Gateway confirms; after it, the stored reply is what was heard.
    private static async Task<System.Text.Json.JsonElement> StoredFirstReplyAsync(ChatPage chat, string conversationId)
    {
        await chat.Page.WaitForFunctionAsync("() => (window.__platformVoice?.truncated ?? []).length > 0", null, new() { Timeout = 30_000 });
        var stored = await chat.StoredConversationAsync(conversationId);
        return stored.GetProperty("messages").EnumerateArray().First(m => m.GetProperty("role").GetString() == "assistant");
    }

    // Pointer down on the button, held until the page says that much audio went out, then released.
    private static async Task HoldMicrophoneAsync(ChatPage chat, TimeSpan duration)
    {
        await chat.MicrophoneButton.HoverAsync();
        await chat.Page.Mouse.DownAsync();
        await Expect(chat.MicrophoneButton).ToHaveAttributeAsync("data-state", "recording");
        await RecordedAtLeastAsync(chat, duration);
        await chat.Page.Mouse.UpAsync();
    }

    private static Task RecordedAtLeastAsync(ChatPage chat, TimeSpan duration) =>
        chat.Page.WaitForFunctionAsync(
            "ms => Number(document.getElementById('voice-button').dataset.recordedMs ?? 0) >= ms",
            duration.TotalMilliseconds,
            new() { Timeout = 15_000 });

    private static double PlayedOn(string? attribute) => double.Parse(attribute ?? "0", CultureInfo.InvariantCulture);
}
