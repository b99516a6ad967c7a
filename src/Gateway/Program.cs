using Platform.Gateway.Api;
using Platform.Gateway.Conversations;
using Platform.Gateway.Errors;
using Platform.Gateway.Health;
using Platform.Gateway.Identity;
using Platform.Gateway.Infrastructure;
using Platform.Gateway.Jobs;
using Platform.Gateway.Limits;
using Platform.Gateway.OpenAI;
using Platform.Gateway.Persistence;
using Platform.Gateway.Realtime;
using Platform.Gateway.Scenarios;
using Platform.Gateway.Security;
using Platform.Gateway.Turns;
using Platform.Gateway.Usage;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddServiceDefaults();
builder.AddConcurrentStart();
builder.AddErrors();
builder.AddRedis();
builder.AddNpgsqlDataSource("conversations");
builder.AddScenarios();
builder.AddConversations();
builder.AddIdentity();
builder.AddLimits();
builder.AddTurns();
builder.AddRealtime();
builder.AddBackgroundJobs();
builder.AddOpenAIProxy();
builder.Services.AddOpenApi();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
app.UseCors();
app.UseMigrationGate();
app.UseIdentity();
app.UseCookieOriginCheck();
app.UseRequestRateLimit();

app.MapDefaultEndpoints();
// The REST API's description holds no data, so it needs no user.
app.MapOpenApi().AllowAnonymous();
app.MapSessionApi();
app.MapKeysApi();
app.MapScenariosApi();
app.MapConversationsApi();
app.MapTurnsApi();
app.MapConversationSockets();
app.MapOpenAIProxy();
app.MapUsageApi();
app.MapModelsHealthApi();
app.MapCapabilitiesApi();

app.RunService();
