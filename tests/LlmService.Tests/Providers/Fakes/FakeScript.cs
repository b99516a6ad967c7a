namespace Platform.LlmService.Tests.Providers.Fakes;

/// <summary>What a fake provider server answers to the next generation: text pieces, then how the stream ends.</summary>
public sealed record FakeScript(IReadOnlyList<string> Pieces, FakeEnding Ending = FakeEnding.Stop, string ErrorMessage = "", int HttpStatus = 200)
{
    public static FakeScript Text(params string[] pieces) => new(pieces);
}

public enum FakeEnding
{
    /// <summary>A normal end with finish reason stop.</summary>
    Stop,

    /// <summary>A normal end with finish reason length.</summary>
    Length,

    /// <summary>The provider's in-stream error after the pieces.</summary>
    Error,

    /// <summary>No end: the stream stays open until the client goes away.</summary>
    Hang,

    /// <summary>An HTTP error status before any stream, with the provider's error body.</summary>
    HttpError,
}
