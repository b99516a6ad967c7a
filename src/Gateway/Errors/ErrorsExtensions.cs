namespace Platform.Gateway.Errors;

public static class ErrorsExtensions
{
    /// <summary>One error writer for every error the Gateway answers, and readable answers to unreadable requests.</summary>
    public static IHostApplicationBuilder AddErrors(this IHostApplicationBuilder builder)
    {
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, ProblemWriter>());
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        return builder;
    }
}
