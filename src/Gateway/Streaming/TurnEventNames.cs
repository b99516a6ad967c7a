using System.Collections.Frozen;
using Platform.Gateway.Turns;

namespace Platform.Gateway.Streaming;

/// <summary>
/// Each transport's name for each kind of turn event, in one table: Server-Sent Events' <c>event:</c> field and the
/// WebSocket frame's <c>type</c> (the socket keeps the shorter names its first clients were written against). The names
/// are the public contract (README); nothing else spells them.
/// </summary>
public static class TurnEventNames
{
    private static readonly FrozenDictionary<TurnEventKind, (string ServerSentEvent, string SocketFrame)> Names =
        new Dictionary<TurnEventKind, (string, string)>
        {
            //                              SSE               WebSocket
            [TurnEventKind.Metadata] =      ("metadata",      "metadata"),
            [TurnEventKind.Started] =       ("turn.started",  "start"),
            [TurnEventKind.Transcription] = ("transcription", "transcription"),
            [TurnEventKind.Audio] =         ("audio",         "audio"),
            [TurnEventKind.Token] =         ("token",         "chunk"),
            [TurnEventKind.Completed] =     ("turn.completed", "complete"),
            [TurnEventKind.Error] =         ("error",         "error"),
        }.ToFrozenDictionary();

    public static string ServerSentEvent(TurnEventKind kind) => Names[kind].ServerSentEvent;

    public static string SocketFrame(TurnEventKind kind) => Names[kind].SocketFrame;
}
