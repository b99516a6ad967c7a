namespace Platform.Gateway.Health;

public sealed record ModelsHealthResponse(IReadOnlyList<ServiceModels> Services);

public sealed record ServiceModels(string Service, string State, string? Error, IReadOnlyList<ModelState> Models);

public sealed record ModelState(string Id, string Provider, string State, double LoadMs, double WarmupMs, string Description);
