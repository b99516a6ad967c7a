namespace Platform.SttService.Recognition;

/// <summary>A snapshot of the decoders, as /health reports it.</summary>
public sealed record DecoderState(DecoderPhase Phase, int Decoders, TimeSpan? Load, TimeSpan? WarmUp, string? Failure);
