using Platform.Gateway.Conversations;
using Platform.Gateway.Jobs;

namespace Platform.Gateway.Turns;

/// <summary>The persistence stage: the user's message when the turn starts, the reply (and the jobs it sets off) when it ends.</summary>
public sealed partial class TurnStorage(ConversationStore store, JobScheduler jobs, ILogger<TurnStorage> logger)
{
    public Task AddUserMessageAsync(Guid conversationId, Guid turnId, string content, CancellationToken cancellationToken) =>
        store.AddUserMessageAsync(conversationId, turnId, content, cancellationToken);

    public async Task StoreReplyAsync(AssistantReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        try
        {
            var jobsWritten = false;
            await store.StoreReplyAsync(reply, async (connection, transaction) => jobsWritten = await jobs.WriteJobsAsync(reply, connection, transaction), CancellationToken.None);
            if (jobsWritten)
            {
                jobs.Dispatch();
            }
        }
#pragma warning disable CA1031 // A database outage must not leave the stream without its last event.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStoreFailed(logger, reply.TurnId, ex);
        }
    }

    /// <summary>A refused message is not kept, so the conversation stays as it was before it.</summary>
    public async Task WithdrawMessageAsync(Guid turnId)
    {
        try
        {
            await store.RemoveUserMessageAsync(turnId, CancellationToken.None);
        }
#pragma warning disable CA1031 // A database outage must not leave the stream without its last event.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogWithdrawFailed(logger, turnId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The reply of turn {TurnId} could not be stored.")]
    private static partial void LogStoreFailed(ILogger logger, Guid turnId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The refused message of turn {TurnId} could not be removed.")]
    private static partial void LogWithdrawFailed(ILogger logger, Guid turnId, Exception exception);
}
