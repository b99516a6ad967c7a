namespace Platform.AppHost.Tests.Platform;

[CollectionDefinition(Name)]
public sealed class TwoLlmReplicasCollection : ICollectionFixture<TwoLlmReplicasPlatform>
{
    public const string Name = "two llm replicas";
}
