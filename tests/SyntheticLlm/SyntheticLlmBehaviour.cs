using System.Collections.Concurrent;
using Platform.Contracts.Llm;

namespace Platform.Testing.SyntheticLlm;

/// <summary>How the synthetic token source behaves, and what it saw of each call.</summary>
public sealed class SyntheticLlmBehaviour
{
    public const string ModelName = "synthetic-token-source";

    public int Tokens { get; set; } = 20;

    public TimeSpan TokenInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Each token's text is the Stopwatch timestamp of the moment it was written, so a reader in the same process
    /// can measure what every hop after the source added.
    /// </summary>
    public bool TimestampTokens { get; set; }

    /// <summary>
    /// When set, the tokens are these texts in this order instead of "w0 w1 ...", and <see cref="Tokens"/> is their
    /// count: a reply with exactly the content a test needs (Markdown, or markup that must stay text).
    /// </summary>
    public IReadOnlyList<string>? Script { get; set; }

    /// <summary>When set, the call's connection is torn down before this token, as when the process dies.</summary>
    public int? AbortAfterTokens { get; set; }

    /// <summary>Tears down the connection of every running call before its next token, as when the process dies.</summary>
    public void AbortRunningCalls() => AbortRequested = true;

    internal bool AbortRequested { get; private set; }

    /// <summary>
    /// When set, every call stops after this many tokens until <see cref="ReleaseHeldCalls"/> releases it or it is
    /// cancelled: a generation that is still running when the test needs it to be, however slow the machine.
    /// </summary>
    public int? HoldAfterTokens { get; set; }

    private readonly Lock releasing = new();
    private Func<GenerateRequest, bool>? released;

    private readonly TaskCompletionSource<SyntheticCall> firstCall = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<SyntheticCall> Calls { get; } = new();

    /// <summary>Completes when the first Generate call arrives.</summary>
    public Task<SyntheticCall> FirstCall => firstCall.Task;

    /// <summary>Lets the held calls whose request <paramref name="which"/> accepts go on, and such calls still to come run through.</summary>
    public void ReleaseHeldCalls(Func<GenerateRequest, bool> which)
    {
        lock (releasing)
        {
            released = which;
            foreach (var call in Calls.Where(call => which(call.Request)))
            {
                call.Release();
            }
        }
    }

    internal SyntheticCall Begin(GenerateRequest request)
    {
        var call = new SyntheticCall(request);
        lock (releasing)
        {
            Calls.Enqueue(call);
            if (released?.Invoke(request) == true)
            {
                call.Release();
            }
        }

        firstCall.TrySetResult(call);
        return call;
    }
}
