using Platform.Gateway.Conversations;
using Platform.Gateway.Health;
using Platform.Gateway.Turns;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddConversations();
builder.AddTurns();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapConversationsApi();
app.MapTurnsApi();
app.MapModelsHealthApi();

app.Run();
