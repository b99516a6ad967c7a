using System.Runtime.ExceptionServices;

namespace Platform.TtsService.Engines;

/// <summary>
/// Routes a native engine's audio callback to the sink of the synthesis running on the calling thread. Engines
/// call back synchronously on the thread that asked them to synthesize, so a thread-static slot needs no handle to
/// cross the native boundary, and the callbacks can be static functions that the garbage collector never moves or
/// frees.
/// </summary>
internal static class SynthesisSinks
{
    [ThreadStatic]
    private static IAudioSink? current;

    [ThreadStatic]
    private static Exception? failure;

    /// <summary>The sink of the synthesis on this thread; null outside one.</summary>
    public static IAudioSink? Current => current;

    /// <summary>Runs a native synthesis with <paramref name="sink"/> as the target of its callbacks on this thread.</summary>
    public static void Run(IAudioSink sink, Action synthesize)
    {
        current = sink;
        failure = null;
        try
        {
            synthesize();
        }
        finally
        {
            current = null;
        }

        var thrown = failure;
        failure = null;
        if (thrown is not null)
        {
            ExceptionDispatchInfo.Throw(thrown);
        }
    }

    /// <summary>Keeps what a sink threw inside a callback, since an exception must not unwind through native frames.</summary>
    public static void Fail(Exception exception) => failure ??= exception;
}
