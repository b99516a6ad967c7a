using System.Reflection;

namespace Platform.Gateway.Tests.Architecture;

/// <summary>A class that needs more than six things to be built does more than one job.</summary>
public sealed class ConstructorTests
{
    private const int MaxParameters = 6;

    [Fact]
    public void NoGatewayClassHasAPublicConstructorWithMoreThanSixParameters()
    {
        var offenders = typeof(GatewayOptions).Assembly.GetTypes()
            .Where(type => type.IsClass && !IsRecord(type) && !type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
            .SelectMany(type => type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).Select(constructor => (type, count: constructor.GetParameters().Length)))
            .Where(constructor => constructor.count > MaxParameters)
            .Select(constructor => $"{constructor.type.FullName} ({constructor.count})")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(offenders.Count == 0, $"Constructors with more than {MaxParameters} parameters: {string.Join(", ", offenders)}");
    }

    /// <summary>A record's constructor lists its data, not what it depends on.</summary>
    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;
}
