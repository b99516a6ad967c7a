using Platform.LlmService;
using Platform.LlmService.Generation;
using Platform.LlmService.Jobs;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGrpcServer();
builder.AddLlm();
builder.AddJobs();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<LlmGrpcService>();

app.Run();
