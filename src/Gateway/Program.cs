using Platform.Gateway.Conversations;
using Platform.Gateway.Health;
using Platform.Gateway.Realtime;
using Platform.Gateway.Turns;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddConversations();
builder.AddTurns();

var app = builder.Build();

app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });

app.MapDefaultEndpoints();
app.MapConversationsApi();
app.MapTurnsApi();
app.MapConversationSockets();
app.MapModelsHealthApi();

app.Run();
