using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Platform.AppHost.Servers;

namespace Platform.AppHost;

public static class PlatformSettingsExtensions
{
    /// <summary>Binds and validates <see cref="PlatformSettings"/>; a bad value stops the AppHost with a message naming it.</summary>
    public static PlatformSettings AddPlatformSettings(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.Get<PlatformSettings>() ?? new PlatformSettings();
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), errors, validateAllProperties: true))
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors.Select(error => error.ErrorMessage)));
        }

        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
        settings.DataDirectory = Path.GetFullPath(settings.DataDirectory, repositoryRoot);
        builder.Configuration[ServerBuilderExtensions.DataDirectoryKey] = settings.DataDirectory;
        builder.Services.AddSingleton(settings);
        return settings;
    }
}
