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
