namespace Platform.AppHost.Tests.Platform;

/// <summary>
/// The platform with <c>PLATFORM_LLM_REPLICAS=2</c>, its Gateway's per-user limits raised out of the way of a load of
/// hundreds of requests from one key.
/// </summary>
public sealed class TwoLlmReplicasPlatform() : AspirePlatform(llmReplicas: 2, gatewaySettings: new Dictionary<string, string>
{
    ["Gateway__Limits__RequestsPerMinute"] = "100000",
    ["Gateway__Limits__ConcurrentTurns"] = "100",
});
