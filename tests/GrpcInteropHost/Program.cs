using Platform.GrpcInteropHost;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddInterop();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapInterop();

app.Run();
