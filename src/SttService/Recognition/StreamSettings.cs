using Platform.SttService.VoiceActivity;

namespace Platform.SttService.Recognition;

/// <summary>
/// How one StreamTranscribe call is decoded: what ends its utterances, the longest one may be, and how long a partial
/// must hold in the trailing silence to be reported stable (0: never).
/// </summary>
public sealed record StreamSettings(EndpointerSettings Endpointer, StreamMode Mode, int MaxUtteranceMilliseconds, int PreRollMilliseconds, int StablePartialMilliseconds = 0);
