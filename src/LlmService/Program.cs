using Platform.LlmService;
using Platform.LlmService.Generation;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGrpcServer();
builder.AddLlm();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<LlmGrpcService>();

app.Run();
