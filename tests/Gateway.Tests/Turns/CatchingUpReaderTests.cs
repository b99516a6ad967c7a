using System.Threading.Channels;
using Platform.Gateway.Turns;

namespace Platform.Gateway.Tests.Turns;

public sealed class CatchingUpReaderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReaderThatFellAWholeBufferBehindReadsOnFromItsLastEventAndMissesNothing()
    {
        var stream = new TurnStream(Guid.NewGuid(), Guid.NewGuid(), readerBuffer: 2);
        var events = stream.ReadAsync(0, Token);
        await using var reading = CatchingUpReader.ReadAsync(events, 0, after => stream.ReadAsync(after, Token), Token).GetAsyncEnumerator(Token);
        stream.Append(TurnEventKind.Started, _ => "{}");
        Assert.True(await reading.MoveNextAsync());

        for (var i = 0; i < 10; i++)
        {
            stream.Append(TurnEventKind.Token, seq => $"{{\"seq\":{seq}}}");
        }

        stream.Append(TurnEventKind.Completed, _ => "{}");
        var seen = new List<long> { reading.Current.Seq };
        while (await reading.MoveNextAsync())
        {
            seen.Add(reading.Current.Seq);
        }

        Assert.Equal(Enumerable.Range(1, 12).Select(seq => (long)seq), seen);
    }

    [Fact]
    public async Task AReaderThatLagsAgainWithoutReadingAnythingIsToldItLagged()
    {
        var stream = new TurnStream(Guid.NewGuid(), Guid.NewGuid(), readerBuffer: 1);
        var reopened = 0;
        var seen = new List<long>();
        await using var reading = CatchingUpReader.ReadAsync(stream.ReadAsync(0, Token), 0, _ =>
        {
            reopened++;
            return LagsAtOnce(stream.TurnId);
        }, Token).GetAsyncEnumerator(Token);
        stream.Append(TurnEventKind.Started, _ => "{}");
        Assert.True(await reading.MoveNextAsync());
        seen.Add(reading.Current.Seq);
        stream.Append(TurnEventKind.Token, _ => "{}");
        stream.Append(TurnEventKind.Token, _ => "{}");

        await Assert.ThrowsAsync<ReaderLaggedException>(async () =>
        {
            while (await reading.MoveNextAsync())
            {
                seen.Add(reading.Current.Seq);
            }
        });

        Assert.Equal([1L, 2L], seen);
        Assert.Equal(1, reopened);
    }

    private static IAsyncEnumerable<TurnEvent> LagsAtOnce(Guid turnId)
    {
        var lagged = Channel.CreateUnbounded<TurnEvent>();
        lagged.Writer.Complete(new ReaderLaggedException(turnId));
        return lagged.Reader.ReadAllAsync();
    }
}
