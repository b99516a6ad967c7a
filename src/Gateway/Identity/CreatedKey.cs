namespace Platform.Gateway.Identity;

public sealed record CreatedKey(string Name, string Key, string Prefix);
