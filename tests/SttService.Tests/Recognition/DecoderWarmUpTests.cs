using Microsoft.Extensions.Options;
using Platform.SttService.Recognition;

namespace Platform.SttService.Tests.Recognition;

/// <summary>The decoder warm-up on the real pocketsphinx model, apart from a service.</summary>
public sealed class DecoderWarmUpTests
{
    [Fact]
    public async Task DecodersThatFinishLoadingAfterTheWarmUpWasDisposedAreFreedAndNeverJoinThePool()
    {
        var options = Options.Create(new SttOptions { Decoders = 3 });
        using var pool = new DecoderPool(options);
        var warmUp = new DecoderWarmUp(pool, options);

        // The host disposes the warm-up when its shutdown timeout passes, while the background loads of the other
        // decoders (about a second each) still run.
        var finishing = warmUp.FinishAsync(TestContext.Current.CancellationToken);
        warmUp.Dispose();
        await finishing;

        Assert.Equal(0, pool.Size);
    }
}
