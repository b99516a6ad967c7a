using Platform.SttService;
using Platform.SttService.OpenAI;
using Platform.SttService.Recognition;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGrpcServer();
builder.AddStt();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<SttGrpcService>();
app.MapOpenAI();

app.RunService();
