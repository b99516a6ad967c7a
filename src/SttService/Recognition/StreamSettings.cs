using Platform.SttService.VoiceActivity;

namespace Platform.SttService.Recognition;

/// <summary>How one StreamTranscribe call is decoded: what ends its utterances, and the longest one may be.</summary>
public sealed record StreamSettings(EndpointerSettings Endpointer, StreamMode Mode, int MaxUtteranceMilliseconds, int PreRollMilliseconds);
