using Platform.LlmService;
using Platform.LlmService.Generation;
using Platform.LlmService.Jobs;
using Platform.LlmService.OpenAI;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGrpcServer();
builder.AddLlm();
builder.AddJobs();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<LlmGrpcService>();
app.MapOpenAI();

app.RunService();
