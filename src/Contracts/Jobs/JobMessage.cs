namespace Platform.Contracts.Jobs;

/// <summary>One stored message of a conversation as a job sees it; <paramref name="Role"/> is user, assistant or system.</summary>
public sealed record JobMessage(long Position, string Role, string Content);
