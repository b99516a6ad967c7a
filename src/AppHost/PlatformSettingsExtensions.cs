using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.AppHost.Hosting;

namespace Platform.AppHost;

public static class PlatformSettingsExtensions
{
    /// <summary>
    /// Reads and validates <see cref="PlatformSettings"/>. The topology is built from them, so a bad value stops the
    /// AppHost here, with a message naming the setting, before anything starts.
    /// </summary>
    public static PlatformSettings AddPlatformSettings(this DistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = new PlatformSettings();
        var problems = new List<ValidationResult>();
        try
        {
            builder.Configuration.Bind(settings);
            Validator.TryValidateObject(settings, new ValidationContext(settings), problems, validateAllProperties: true);
        }
        catch (InvalidOperationException exception)
        {
            problems.Add(new ValidationResult(exception.Message));
        }

        if (problems.Count > 0)
        {
            Console.Error.WriteLine($"The AppHost cannot start: {string.Join(" ", problems.Select(problem => problem.ErrorMessage))}");
            Environment.Exit(2);
        }

        builder.Services.AddSingleton(settings);
        return settings;
    }
}
