using Platform.TtsService;
using Platform.TtsService.OpenAI;
using Platform.TtsService.Synthesis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGrpcServer();
builder.AddTts();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<TtsGrpcService>();
app.MapOpenAI();

app.RunService();
