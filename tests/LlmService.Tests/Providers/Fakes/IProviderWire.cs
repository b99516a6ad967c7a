namespace Platform.LlmService.Tests.Providers.Fakes;

/// <summary>How one provider's streaming protocol writes the parts of a generation.</summary>
public interface IProviderWire
{
    string ContentType { get; }

    string Begin(string model);

    string Piece(string model, string text);

    /// <summary>The normal end; <paramref name="reason"/> is stop or length.</summary>
    string End(string model, string reason, int promptTokens, int completionTokens);

    /// <summary>An error reported inside a stream that had already begun.</summary>
    string Error(string message);

    /// <summary>The JSON body of an HTTP error response.</summary>
    string ErrorBody(string message);
}
