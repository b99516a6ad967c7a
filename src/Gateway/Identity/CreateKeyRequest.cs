namespace Platform.Gateway.Identity;

public sealed record CreateKeyRequest(string? Name);
