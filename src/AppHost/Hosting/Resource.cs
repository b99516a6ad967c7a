namespace Platform.AppHost.Hosting;

/// <summary>Something the application runs or provides, known by a unique name.</summary>
public abstract class Resource
{
    protected Resource(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!name.All(character => char.IsAsciiLetterLower(character) || char.IsAsciiDigit(character) || character == '-'))
        {
            throw new ArgumentException($"Resource name '{name}' may hold only lowercase letters, digits and '-'.", nameof(name));
        }

        Name = name;
    }

    public string Name { get; }

    /// <summary>Resources that must be running before this one starts (<c>WaitFor</c>).</summary>
    internal List<Resource> Dependencies { get; } = [];

    /// <summary>The process resource whose readiness stands for this one.</summary>
    internal virtual ProcessResource ReadinessOwner =>
        this as ProcessResource ?? throw new InvalidOperationException($"{Name} has no process of its own.");

    public override string ToString() => Name;
}
