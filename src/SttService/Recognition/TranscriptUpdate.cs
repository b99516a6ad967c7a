namespace Platform.SttService.Recognition;

/// <summary>One hypothesis from a decode: a partial while audio remains, then the final one.</summary>
public sealed record TranscriptUpdate(string Text, bool IsFinal, int AudioMilliseconds, TimeSpan DecodeTime, TimeSpan QueueTime);
