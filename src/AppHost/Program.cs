var builder = DistributedApplication.CreateBuilder(args);
var settings = builder.AddPlatformSettings();
builder.UseLoopbackDashboard(settings);
builder.RestartCrashedResources();

var redis = builder.AddRedisServer("redis");
var messaging = builder.AddRabbitMQServer("messaging");
var conversations = builder.AddPostgresServer("postgres").AddDatabase("conversations");

var llm = builder.AddProjectReplicas<Projects.LlmService>("llm", settings.LlmReplicas, replica => replica
    .WithPlatformDefaults()
    .WithReference(messaging).WaitFor(messaging)
    .WithLocalModel());

var stt = builder.AddProject<Projects.SttService>("stt")
    .WithPlatformDefaults();

var tts = builder.AddProject<Projects.TtsService>("tts")
    .WithPlatformDefaults();

builder.AddProject<Projects.Gateway>("gateway")
    .WithPlatformDefaults(settings.GatewayPort)
    .WithReference(redis).WaitFor(redis)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(conversations).WaitFor(conversations)
    .WithReference(llm).WaitFor(llm)
    .WithReference(stt).WaitFor(stt)
    .WithReference(tts).WaitFor(tts)
    .WithWelcomeBanner(settings);

builder.Build().Run();
