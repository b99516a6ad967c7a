namespace Platform.Load.Driving;

/// <summary>The assistant message as GET /api/conversations/{id} returns it: status and text.</summary>
internal sealed record StoredReply(string Status, string Content);
