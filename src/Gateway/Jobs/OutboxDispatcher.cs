using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Npgsql;
using Platform.Contracts.Jobs;
using Platform.Gateway.Persistence;

namespace Platform.Gateway.Jobs;

/// <summary>
/// Sends outbox rows to their LlmService queues, oldest first, one row per transaction under a row lock so replicas
/// share the work without sending a row twice. While the broker is down a send times out, the row stays pending and
/// the dispatcher backs off and tries again: jobs wait, none are lost. A row is marked sent only after the broker
/// confirmed it, so a crash in between sends it again, which the idempotent result stores absorb.
/// </summary>
public sealed partial class OutboxDispatcher(NpgsqlDataSource dataSource, MigrationRunner migrations, IServiceProvider services, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, (Type Type, Uri Queue)> Routes = new()
    {
        [nameof(SummarizeConversation)] = (typeof(SummarizeConversation), new Uri($"queue:{JobQueues.SummarizeConversation}")),
        [nameof(ExtractVocabulary)] = (typeof(ExtractVocabulary), new Uri($"queue:{JobQueues.ExtractVocabulary}")),
        [nameof(JudgeObjectives)] = (typeof(JudgeObjectives), new Uri($"queue:{JobQueues.JudgeObjectives}")),
    };

    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Sends pending rows now instead of at the next poll.</summary>
    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Services start side by side: on a new database the outbox table is not there until the migrations ran.
        if (!await migrations.WaitUntilAppliedAsync(stoppingToken))
        {
            return;
        }

        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendOneAsync(stoppingToken))
                {
                }

                backoff = TimeSpan.FromSeconds(1);
                await wake.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Broker and database outages are waited out, never allowed to end the dispatcher.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSendFailed(logger, backoff.TotalSeconds, ex.Message);
                await Task.Delay(backoff, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>Sends the oldest pending row; false when there was none.</summary>
    private async Task<bool> SendOneAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id;
        string type, payload;
        string? traceParent;
        await using (var select = new NpgsqlCommand(
            "select id, message_type, payload::text, traceparent from outbox where sent_at is null order by id limit 1 for update skip locked", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return false;
            }

            (id, type, payload, traceParent) = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        }

        if (Routes.TryGetValue(type, out var route))
        {
            using var activity = GatewayTelemetry.Source.StartActivity($"outbox send {type}", ActivityKind.Producer, traceParent ?? string.Empty);
            activity?.SetTag("messaging.destination.name", route.Queue.AbsolutePath);
            var message = JsonSerializer.Deserialize(payload, route.Type)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(SendTimeout);
            var endpoint = await services.GetRequiredService<IBus>().GetSendEndpoint(route.Queue);
            // Set explicitly from this span, so a job links to its turn even where nothing listens to MassTransit's own tracing.
            var context = activity?.Id ?? traceParent;
            await endpoint.Send(message, route.Type, Pipe.Execute<SendContext>(send => send.Headers.Set("traceparent", context)), timeout.Token);
        }
        else
        {
            LogUnknownType(logger, id, type);
        }

        await using (var update = new NpgsqlCommand("update outbox set sent_at = now() where id = $1", connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = id });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox send failed, retrying in {Seconds} s: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {Id} has unknown message type {Type}; marked sent so it does not block the rest")]
    private static partial void LogUnknownType(ILogger logger, long id, string type);
}
