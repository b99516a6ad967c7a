using Platform.AppHost;
using Platform.AppHost.Dashboard;
using Platform.AppHost.Hosting;
using Platform.AppHost.Postgres;
using Platform.AppHost.Projects;
using Platform.AppHost.RabbitMQ;
using Platform.AppHost.Redis;
using Platform.AppHost.Welcome;

var builder = DistributedApplication.CreateBuilder(args);
var settings = builder.AddPlatformSettings();
builder.UseDataDirectory(settings.DataDirectory);

var apiKey = DevelopmentApiKey.LoadOrCreate(builder);

var redis = builder.AddRedis("redis");
var messaging = builder.AddRabbitMQ("messaging");
var conversations = builder.AddPostgres("postgres").AddDatabase("conversations");

var llm = builder.AddProject("llm", "LlmService")
    .WithReference(messaging).WaitFor(messaging)
    .WithLocalModel()
    .WithHttpHealthCheck("/health");

var stt = builder.AddProject("stt", "SttService")
    .WithHttpHealthCheck("/health");

var tts = builder.AddProject("tts", "TtsService")
    .WithHttpHealthCheck("/health");

var gateway = builder.AddProject("gateway", "Gateway")
    .WithHttpEndpoint(port: settings.GatewayPort)
    .WithReference(redis).WaitFor(redis)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(conversations).WaitFor(conversations)
    .WithReference(llm).WaitFor(llm)
    .WithReference(stt).WaitFor(stt)
    .WithReference(tts).WaitFor(tts)
    .WithEnvironment("Gateway__Identity__BootstrapApiKey", apiKey.Value)
    .WithHttpHealthCheck("/health");

builder.AddDashboard(settings);
builder.PrintWelcomeWhenRunning(gateway, apiKey);

return await builder.Build().RunAsync();
