namespace Platform.Load.Chaos;

internal enum KilledService
{
    Llm,
    Stt,
    Tts,
}
