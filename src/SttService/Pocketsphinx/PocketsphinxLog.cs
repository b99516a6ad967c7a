namespace Platform.SttService.Pocketsphinx;

/// <summary>
/// Where sphinxbase writes its log: a process-wide setting, made once before the first decoder loads, because by
/// default every decoder prints its whole configuration and model summary to stderr.
/// </summary>
internal static class PocketsphinxLog
{
    private static readonly Lock Gate = new();
    private static bool configured;

    public static void Configure(string? path)
    {
        lock (Gate)
        {
            if (configured)
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(path))
            {
                PocketsphinxNative.SetLogStream(0);
            }
            else if (PocketsphinxNative.SetLogFile(path) < 0)
            {
                throw new InvalidOperationException($"Setting 'Stt:EngineLogPath' is '{path}', which pocketsphinx cannot open for appending.");
            }

            configured = true;
        }
    }
}
