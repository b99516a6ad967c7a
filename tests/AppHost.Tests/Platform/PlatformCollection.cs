namespace Platform.AppHost.Tests.Platform;

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<AspirePlatform>
{
    public const string Name = "platform";
}
